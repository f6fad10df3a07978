"""Heavy runs (core.heavy): caps per role, and at most N at once."""

from __future__ import annotations

import threading

import pytest

from carbonpeak.core import heavy
from carbonpeak.core.errors import InputError


def test_caps_per_role() -> None:
    heavy.check_run_size(None, draws=1_000, end_year=2040)
    with pytest.raises(InputError, match="log in for larger runs") as caught:
        heavy.check_run_size(None, draws=20_000, end_year=2100)
    assert [p.field for p in caught.value.problems] == ["draws", "end_year"]
    heavy.check_run_size("viewer", draws=5_000, end_year=2060)
    with pytest.raises(InputError, match="draws"):
        heavy.check_run_size("viewer", draws=5_001, end_year=None)
    heavy.check_run_size("admin", draws=20_000, end_year=2060)


def test_at_most_n_runs_at_once(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(heavy, "_slots", lambda: slots)
    monkeypatch.setenv("CARBONPEAK_HEAVY_WAIT_SECONDS", "0.05")
    slots = threading.BoundedSemaphore(1)
    # the second run waits 0.05 s for the one slot, then is told to come back (503)
    with heavy.heavy_slot(), pytest.raises(heavy.Busy), heavy.heavy_slot():
        pass
    with heavy.heavy_slot():  # released: free again
        pass
