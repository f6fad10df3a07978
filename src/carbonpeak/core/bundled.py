"""Reading the data files that ship inside the package (no network, no working directory):
CSV tables of fuels, regions, limits, sectors ... and the case-insensitive name indexes built
on them."""

from __future__ import annotations

import csv
from collections.abc import Iterable
from importlib import resources


def csv_rows(package: str, *path: str) -> list[dict[str, str]]:
    """The rows of the CSV file ``path`` under ``package`` (UTF-8; the header names the
    fields), e.g. ``csv_rows("carbonpeak.factors", "data", "fuels.csv")``."""
    node = resources.files(package).joinpath(*path)
    with node.open(encoding="utf-8") as fh:
        return list(csv.DictReader(fh))


def listed(text: str) -> tuple[str, ...]:
    """A ``;``-separated cell as its items (empty items dropped): ``"a;b;"`` -> ``("a", "b")``."""
    return tuple(item for item in text.split(";") if item)


def name_index(entries: Iterable[tuple[str, Iterable[str]]]) -> dict[str, str]:
    """Each written form (stripped, lower-cased) of ``(key, forms)`` -> its key; where two
    entries share a form, the first keeps it."""
    names: dict[str, str] = {}
    for key, forms in entries:
        for text in forms:
            names.setdefault(text.strip().lower(), key)
    return names
