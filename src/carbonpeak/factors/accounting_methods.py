"""核算方法 Accounting methods: named, internally consistent sets of documents.

A method names, for every parameter, the documents (bundled factor sets) it takes values from,
in order: the first is the method's own document; a later one only fills a gap (a fuel the first
does not list), and every such gap is named in the result (``Resolution.filled``). One
calculation runs under exactly one method, so heating values of one document are never silently
combined with carbon contents of another. Measured / user factors (tier ``measured``) override a
method's value parameter by parameter (see :class:`carbonpeak.factors.resolve.FactorBook`).

Data: ``data/methods.csv`` (the methods, the default, the preferred CO2 path) and
``data/method_parameters.csv`` (parameter → documents; method ``*`` = every method).
"""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass
from enum import StrEnum
from functools import cache
from importlib import resources
from typing import TYPE_CHECKING

from carbonpeak.core.errors import InputError, Problem
from carbonpeak.factors.model import PARAMETERS

#: CO2 paths of fuel combustion: 含碳量链 carbon content × NCV × oxidation, a factor per physical
#: unit, a factor per unit of energy.
CO2_PATHS: tuple[str, ...] = ("chain", "direct", "energy_factor")


@dataclass(frozen=True, slots=True)
class MethodParameter:
    """Which documents a method takes one parameter from (first = own, later = gap fillers)."""

    parameter: str
    sets: tuple[str, ...]
    note: str = ""


@dataclass(frozen=True, slots=True)
class Method:
    """One accounting method (核算方法)."""

    name: str
    title: str
    documents: str
    note: str
    co2_paths: tuple[str, ...]
    parameters: tuple[MethodParameter, ...]
    default: bool = False

    def sets_for(self, parameter: str) -> tuple[str, ...]:
        """The documents of ``parameter`` in order; ``()`` if the method names none."""
        hit = next((p for p in self.parameters if p.parameter == parameter), None)
        return hit.sets if hit else ()

    @property
    def set_names(self) -> tuple[str, ...]:
        """Every bundled set the method may use, in first-use order."""
        return tuple(dict.fromkeys(s for p in self.parameters for s in p.sets))

    def as_json(self) -> dict[str, object]:
        return {
            "name": self.name,
            "default": self.default,
            "title": self.title,
            "documents": self.documents,
            "note": self.note,
            "co2_paths": list(self.co2_paths),
            "parameters": [
                {"parameter": p.parameter, "sets": list(p.sets), "note": p.note}
                for p in self.parameters
            ],
        }


def _rows(filename: str) -> list[dict[str, str]]:
    text = (resources.files("carbonpeak.factors") / "data" / filename).read_text(encoding="utf-8")
    return list(csv.DictReader(io.StringIO(text)))


@cache
def methods() -> dict[str, Method]:
    """The bundled methods by name (``data/methods.csv``), in file order."""
    params = _rows("method_parameters.csv")
    shared = [r for r in params if r["method"] == "*"]
    found: dict[str, Method] = {}
    for row in _rows("methods.csv"):
        own = [r for r in params if r["method"] == row["name"]]
        names = {r["parameter"] for r in own}
        chosen = own + [r for r in shared if r["parameter"] not in names]
        for r in chosen:
            if r["parameter"] not in PARAMETERS:
                raise InputError(f"method_parameters.csv: unknown parameter {r['parameter']!r}")
        paths = tuple(row["co2_path"].split())
        if set(paths) - set(CO2_PATHS):
            raise InputError(f"methods.csv: {row['name']}: co2_path must be of {CO2_PATHS}")
        found[row["name"]] = Method(
            name=row["name"],
            title=row["title"],
            documents=row["documents"],
            note=row["note"],
            co2_paths=paths,
            parameters=tuple(
                MethodParameter(r["parameter"], tuple(r["sets"].split()), r["note"]) for r in chosen
            ),
            default=row["default"] == "1",
        )
    return found


def default_method() -> Method:
    """The documented default (``provincial-2011``)."""
    return next(m for m in methods().values() if m.default)


DEFAULT_METHOD = "provincial-2011"


def find_method(name: str | None) -> Method:
    """A method by name (``None`` → the default); an unknown name is an :class:`InputError`
    naming the field and what was expected."""
    if name is None or name == "":
        return default_method()
    hit = methods().get(name.strip())
    if hit is None:
        known = ", ".join(methods())
        raise InputError(
            f"未知核算方法 / unknown method {name!r}: expected one of {known}",
            [Problem(None, "method", f"expected one of {known}")],
        )
    return hit


# The method names as an enum (for the API's schema): built from the data file.
if TYPE_CHECKING:
    MethodName = str
else:
    MethodName = StrEnum("MethodName", {name: name for name in methods()})
