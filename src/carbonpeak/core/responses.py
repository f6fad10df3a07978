"""Shared response bodies of the JSON API (issue 15, finding 11: typed response models).

``Open`` is the base of a route's response model: the keys every answer has are declared (and
documented in the OpenAPI schema); any further key a route adds (an optional section, a
saved run's ``run_id``) passes through unchanged, so typing a route never changes its JSON."""

from __future__ import annotations

import operator
from functools import reduce
from types import UnionType
from typing import Any, ClassVar, Union, get_args, get_origin

from pydantic import (
    BaseModel,
    ConfigDict,
    Field,
    PrivateAttr,
    SerializerFunctionWrapHandler,
    ValidatorFunctionWrapHandler,
    create_model,
    model_serializer,
    model_validator,
)

from carbonpeak.core.errors import Problem
from carbonpeak.core.intake import capped

#: A JSON number kept as the route gave it: an int stays an int (``float`` would write ``0.0``
#: for a sum over nothing, or a whole number read from a file).
Number = int | float


class Open(BaseModel):
    """An object whose declared keys are always there; other keys pass through, and the keys
    keep the order the route gave them (the JSON is the route's, byte for byte)."""

    model_config = ConfigDict(extra="allow")
    _order: tuple[str, ...] = PrivateAttr(default=())
    #: Declared keys the route did not give are left out (see :class:`Sparse`).
    _sparse: ClassVar[bool] = False

    @model_validator(mode="wrap")
    @classmethod
    def _keep_order(cls, data: Any, handler: ValidatorFunctionWrapHandler) -> Any:
        model = handler(data)
        if isinstance(data, dict) and isinstance(model, Open):
            model._order = tuple(data)
        return model

    # no return annotation: pydantic would take it as the schema and drop the properties
    @model_serializer(mode="wrap")
    def _in_order(self, handler: SerializerFunctionWrapHandler):  # type: ignore[no-untyped-def]
        out = handler(self)
        if not isinstance(out, dict):
            return out
        if self._sparse:
            unset = set(type(self).model_fields) - self.model_fields_set
            out = {k: v for k, v in out.items() if k not in unset}
        if not self._order:
            return out
        return {**{k: out[k] for k in self._order if k in out}, **out}


class Sparse(Open):
    """An ``Open`` object some of whose keys are there only sometimes: those are declared with
    a default (so the schema types them and does not require them) and, when the route leaves
    them out, they stay out of the JSON (no ``null`` added)."""

    _sparse: ClassVar[bool] = True


class JobAccepted(BaseModel):
    """202: the work is queued; ``GET url`` (the jobs API) gives its state and result."""

    job: str = Field(description="任务 id")
    status: str = Field(description="queued")
    url: str = Field(description="GET this for the job's state and result")


class Created(Open):
    """A stored row's id."""

    id: int


#: Characters of an error's message the API answers (the rest is cut, and says so).
MAX_DETAIL = 2000


def short(message: str) -> str:
    if len(message) <= MAX_DETAIL:
        return message
    return message[:MAX_DETAIL] + f" … (另有 {len(message) - MAX_DETAIL} 字 / cut)"


def error_body(message: str, problems: tuple[Problem, ...] | list[Problem] = ()) -> dict[str, Any]:
    """The one error body of the API (see ``carbonpeak.web.schema.ErrorBody``); also a failed
    job's (``core/jobs.py``)."""
    shown, total = capped(problems)
    return {
        "detail": short(message),
        "problems": [{"row": p.row, "field": p.field, "reason": p.reason} for p in shown],
        "problems_total": total,
    }


def as_saved(model: type[BaseModel]) -> type[BaseModel]:
    """The response model of a document stored at write time and read back as saved (a
    published, frozen assessment; a stored draft): ``model``'s fields and those of the
    models inside it, every one optional and left out when the document lacks it. A snapshot
    written by an older version that lacks a later field is shown as saved, not refused with
    a 500; the fields it has are typed as today."""
    return _as_saved(model, {})


def _as_saved(model: type[BaseModel], done: dict[type, type[BaseModel]]) -> type[BaseModel]:
    if model in done:
        return done[model]
    fields: dict[str, Any] = {
        name: (
            _saved_annotation(field.annotation, done) | None,
            Field(None, description=field.description),
        )
        for name, field in model.model_fields.items()
    }
    made = create_model(
        f"{model.__name__}AsSaved", __base__=Sparse, __doc__=model.__doc__, **fields
    )
    done[model] = made
    return made


def _saved_annotation(annotation: Any, done: dict[type, type[BaseModel]]) -> Any:
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return _as_saved(annotation, done)
    origin, args = get_origin(annotation), get_args(annotation)
    if origin in (list, dict) and args:
        inner = tuple(_saved_annotation(a, done) for a in args)
        return origin[inner if len(inner) > 1 else inner[0]]
    if origin in (Union, UnionType) and args:
        return reduce(operator.or_, (_saved_annotation(a, done) for a in args))
    return annotation
