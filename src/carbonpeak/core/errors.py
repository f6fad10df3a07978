"""Errors users see. Each names what was wrong (row, field, reason) in Chinese and English."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass


class CarbonpeakError(Exception):
    """Base of errors that are reported to a user, never as a traceback."""

    http_status = 400


@dataclass(frozen=True, slots=True)
class Problem:
    """One thing wrong with one row of an input file: where (row, field) and why."""

    row: int | None
    field: str
    reason: str

    def __str__(self) -> str:
        where = f"row {self.row}" if self.row is not None else "file"
        return f"{where}, {self.field}: {self.reason}"


class InputError(CarbonpeakError):
    """Bad input: the message says where (file, row, field) and why.

    ``problems`` lists every row problem found (an import collects them all, then raises once).
    """

    http_status = 422

    def __init__(self, message: str, problems: Sequence[Problem] = ()) -> None:
        super().__init__(message)
        self.problems: tuple[Problem, ...] = tuple(problems)


class FactorNotFound(InputError):
    """No factor record answers a question (fuel, parameter, sector, region, year)."""


class NotFound(CarbonpeakError):
    http_status = 404


class PermissionDenied(CarbonpeakError):
    http_status = 403


class Unauthenticated(CarbonpeakError):
    http_status = 401


class Conflict(CarbonpeakError):
    http_status = 409
