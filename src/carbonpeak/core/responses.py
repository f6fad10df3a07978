"""Shared response bodies of the JSON API (issue 15, finding 11: typed response models).

``Open`` is the base of a route's response model: the keys every answer has are declared (and
documented in the OpenAPI schema); any further key a route adds (an optional section, a
saved run's ``run_id``) passes through unchanged, so typing a route never changes its JSON."""

from __future__ import annotations

from pydantic import BaseModel, ConfigDict, Field


class Open(BaseModel):
    """An object whose declared keys are always there; other keys pass through."""

    model_config = ConfigDict(extra="allow")


class JobAccepted(BaseModel):
    """202: the work is queued; ``GET url`` (the jobs API) gives its state and result."""

    job: str = Field(description="任务 id")
    status: str = Field(description="queued")
    url: str = Field(description="GET this for the job's state and result")


class Created(Open):
    """A stored row's id."""

    id: int
