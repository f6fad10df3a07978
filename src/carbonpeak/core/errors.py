"""Errors users see. Each names what was wrong (row, field, reason) in Chinese and English."""

from __future__ import annotations


class CarbonpeakError(Exception):
    """Base of errors that are reported to a user, never as a traceback."""

    http_status = 400


class InputError(CarbonpeakError):
    """Bad input: the message says where (file, row, field) and why."""

    http_status = 422


class NotFound(CarbonpeakError):
    http_status = 404


class PermissionDenied(CarbonpeakError):
    http_status = 403


class Unauthenticated(CarbonpeakError):
    http_status = 401


class Conflict(CarbonpeakError):
    http_status = 409
