"""Limits on what enters (carbonpeak.core.intake): zip bombs refused from the archive's
directory before anything is inflated, rows and problems capped, parsing off the event loop."""

from __future__ import annotations

import io
import threading
import time
import zipfile

import anyio
import pytest

from carbonpeak.core.errors import InputError, Problem
from carbonpeak.core.intake import (
    TooLarge,
    TooSlow,
    capped,
    capped_rows,
    check_workbook,
    get_intake_settings,
    parse_off_loop,
    summary,
)


def zip_of(members: dict[str, bytes]) -> bytes:
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as z:
        for name, data in members.items():
            z.writestr(name, data)
    return buf.getvalue()


def test_a_zip_bomb_is_refused_from_its_directory() -> None:
    # 3 MB of sheet XML compress to a few KB; the declared size gives it away
    bomb = zip_of({"xl/worksheets/sheet1.xml": b"<row/>" * 500_000})
    assert len(bomb) < 50_000
    with pytest.raises(TooLarge, match="3000000 bytes"):
        check_workbook(bomb, label="bomb.xlsx", limit=1_000_000)
    check_workbook(bomb, label="ok.xlsx", limit=3_000_000)  # at the limit: fine


@pytest.mark.parametrize("data", [b"", b"not a zip", b"PK\x03\x04garbage"])
def test_what_is_not_a_zip_archive_is_a_clear_error(data: bytes) -> None:
    with pytest.raises(InputError, match=r"not a valid \.xlsx file"):
        check_workbook(data, label="x.xlsx")


def test_rows_are_capped() -> None:
    assert list(capped_rows(range(3), label="f", limit=3)) == [0, 1, 2]
    with pytest.raises(TooLarge, match="more than 3 rows"):
        list(capped_rows(range(4), label="f", limit=3))


def test_problems_are_capped_with_their_count() -> None:
    problems = [Problem(i, "value", "bad") for i in range(2, 1002)]
    shown, total = capped(problems, 5)
    assert [p.row for p in shown] == [2, 3, 4, 5, 6] and total == 1000
    assert (
        summary(problems, 2) == "row 2, value: bad; row 3, value: bad (另有 998 处 / and 998 more)"
    )


def test_parsing_runs_in_a_worker_thread_and_is_timed(monkeypatch: pytest.MonkeyPatch) -> None:
    loop_thread = threading.get_ident()

    async def main() -> int:
        return await parse_off_loop(threading.get_ident)

    assert anyio.run(main) != loop_thread
    monkeypatch.setenv("CARBONPEAK_PARSE_SECONDS", "0.05")
    get_intake_settings.cache_clear()
    try:

        async def slow() -> None:
            await parse_off_loop(time.sleep, 0.5)

        started = time.perf_counter()
        with pytest.raises(TooSlow):
            anyio.run(slow)
        assert time.perf_counter() - started < 0.45 + 0.5  # gave up early, thread ends alone
    finally:
        get_intake_settings.cache_clear()
