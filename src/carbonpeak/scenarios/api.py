"""HTTP API of scenarios (情景分析), under /api/v1/scenarios. Thin: parse, call the runner, return.

Runs are computed on request; reads are public. A run is stored only with ``save: true``
(unit editors and admins; ``GET /scenarios/runs`` lists them). With Redis configured, a run
with Monte Carlo draws goes to the job queue (``carbonpeak.core.jobs``; ``carbonpeak worker``
runs it): the reply is 202 with the job's URL (``GET /api/v1/jobs/{id}`` gives the run once
done); without Redis it runs in the request, as always. A custom scenario is sent as
YAML text (``yaml``) or as a parent plus a few overrides (``parent`` + ``overrides``, the same
keys as a scenario file); a bad file gives 422 naming the key and, for YAML text, the line.
"""

from __future__ import annotations

import json
from typing import Annotated, Any

from fastapi import APIRouter, Depends, Query, Request, Response
from pydantic import BaseModel, Field
from sqlalchemy.orm import Session

from carbonpeak.auth import Principal, Role, require_role
from carbonpeak.auth.api import optional_principal
from carbonpeak.core import jobs
from carbonpeak.core.api import job_accepted
from carbonpeak.core.errors import InputError, Unauthenticated
from carbonpeak.core.heavy import check_run_size, heavy_slot
from carbonpeak.core.responses import JobAccepted, Number, Open, Sparse
from carbonpeak.db.api import Db
from carbonpeak.db.session import session_scope
from carbonpeak.inventory import compute_inventory
from carbonpeak.scenarios import service
from carbonpeak.scenarios.definition import loader
from carbonpeak.scenarios.runs import iamc, report, runner

router = APIRouter(prefix="/scenarios", tags=["scenarios 情景分析"])
MAX_API_DRAWS = 20_000
MaybePrincipal = Annotated[Principal | None, Depends(optional_principal)]


class RunOptions(BaseModel):
    draws: int = Field(
        default=0, ge=0, le=MAX_API_DRAWS, description="蒙特卡洛抽样次数 Monte Carlo draws"
    )
    seed: int = Field(default=0, description="随机种子 random seed")
    metric: report.Metric = Field(default="territorial", description=", ".join(report.METRICS))
    end_year: int | None = Field(default=None, description="结束年份 end year (default 2035)")
    save: bool = Field(default=False, description="保存运行 store the run (editors and admins)")
    dataset: str | None = Field(
        default=None, description="基准年活动数据集 stored activity dataset for the base year"
    )
    version: int | None = Field(default=None, description="dataset version (default: latest)")


class CustomRun(RunOptions):
    yaml: str | None = Field(default=None, description="a whole scenario file (YAML text)")
    name: str = Field(default="custom", description="scenario name when built from overrides")
    title: str | None = Field(
        default=None, description="scenario title when built from overrides (required)"
    )
    parent: str | None = Field(
        default=None, description="bundled parent (baseline, plan, enhanced)"
    )
    overrides: dict[str, Any] = Field(default_factory=dict, description="keys as in a file")


class ScenarioItem(BaseModel):
    """A bundled scenario in the list."""

    name: str
    title: str
    parent: str | None
    base_year: int
    end_year: int


class PeakOut(Open):
    """The peak of one path (``analysis.peak.Peak.as_dict``); also ``rising_in_<year>``: whether
    emissions in that year are above those of the year before."""

    year: int
    value_t: Number
    peaked_within_horizon: bool
    plateau_years: list[int] = Field(description="years within plateau_pct of the peak")
    plateau_pct: float


class TargetCheckOut(BaseModel):
    """A plan target checked on the projection (``analysis.targets.Check``)."""

    name: str
    year: int
    required: Number
    comparator: str
    projected: Number | None
    unit: str
    met: bool | None
    source: str
    reason: str


class RunReport(Open):
    """A scenario run (情景运行结果): the years, the metric's emissions, peak and targets, the
    energy and power figures, notes; ``monte_carlo`` with draws; ``run_id`` when saved."""

    scenario: str
    title: str
    chain: list[str]
    region: str
    years: list[int]
    metric: str
    emissions_t: list[float] = Field(description="the metric, one value per year")
    totals_t: dict[str, list[float]] = Field(description="each named total per year")
    peak: PeakOut
    peaks: dict[str, PeakOut] = Field(description="per metric")
    targets: list[TargetCheckOut]


class RunOptionsOut(Sparse):
    """The options a saved run was made with (a key an older save lacks is left out)."""

    draws: int | None = None
    seed: int | None = None
    metric: str | None = None
    end_year: int | None = None
    dataset: str | None = None
    version: int | None = None


class RunSummary(BaseModel):
    """A saved run's headline figures (the full result at ``/runs/{id}``)."""

    id: int
    scenario: str
    chain: list[str]
    options: RunOptionsOut
    metric: str
    peak_year: int
    peak_value_t: float
    peaked: bool
    p_peak_by_2030: float | None
    illustrative: bool
    custom: bool = Field(description="a user's scenario (its definition is stored)")
    created_at: str
    created_by: str


class RunDetail(RunSummary):
    """A saved run with its definition (a custom run's YAML or overrides) and full result."""

    definition: str
    result: dict[str, Any] = Field(description="the run, as POST .../run answers it")


class PeakYearOut(BaseModel):
    year: int
    peaked: bool


class ComparedOut(BaseModel):
    """One scenario of a comparison."""

    scenario: str
    title: str
    peak: PeakOut
    peaks: dict[str, PeakYearOut] = Field(description="per metric")
    emissions_t: list[float]
    targets_met: int
    targets_checked: int


class CompareOut(Open):
    """Scenarios side by side: each one's peak and targets met on the metric's series."""

    metric: str
    years: list[int]
    scenarios: list[ComparedOut]


class WedgesOut(Open):
    """Each lever's contribution (t): the scenario with the lever minus without it."""

    metric: str
    years: list[int]
    reference: str
    scenario: str
    wedges_t: dict[str, list[float]] = Field(description="per lever, per year")
    total_change_t: list[float]
    interaction_t: list[float]


class SobolOut(BaseModel):
    """Sobol indices of one parameter for one output, with 95 % confidence half-widths."""

    S1: float
    ST: float
    S1_conf: float
    ST_conf: float


class DriverOut(BaseModel):
    """One of the top drivers (the largest total index over the two outputs)."""

    parameter: str
    ST_emissions_2030: float
    ST_peak_by_2030: float
    S1_emissions_2030: float


class SensitivityOut(Open):
    """Sobol indices (S1, ST and their confidence) per uncertain parameter; the top drivers."""

    scenario: str
    method: str
    metric: str
    n: int
    runs: int
    parameters: list[str]
    sobol: dict[str, dict[str, SobolOut]] = Field(
        description="per output (emissions_2030_t, peak_by_2030), per parameter"
    )
    top: list[DriverOut]


class DistrictRunOut(BaseModel):
    """One district's run from its own base-year inventory."""

    region: str
    name: str
    peak: PeakOut
    emissions_t: list[float]
    notes: list[str]


class DistrictsOut(Open):
    """梯次有序达峰: each district's run, the order of their peaks, their sum against the city."""

    scenario: str
    metric: str
    years: list[int]
    order: list[str] = Field(description="district codes, in the order they peak")
    districts: list[DistrictRunOut]
    sum_of_districts_t: list[float]
    city_t: list[float]
    illustrative: str


QUEUED: dict[int | str, dict[str, Any]] = {
    202: {"model": JobAccepted, "description": "queued (Redis configured, draws > 0)"}
}


@router.get("")
def list_scenarios() -> list[ScenarioItem]:
    """The bundled scenarios."""
    out = []
    for name in runner.scenario_names():
        s = runner.load(name)
        out.append(
            ScenarioItem(
                name=s.name,
                title=s.title,
                parent=s.parent,
                base_year=s.base_year,
                end_year=s.end_year,
            )
        )
    return out


@router.get("/compare", response_model=CompareOut)
def compare(
    names: Annotated[list[str] | None, Query(description="scenarios (default: all)")] = None,
    metric: report.Metric = "territorial",
) -> dict[str, Any]:
    """Peak and targets met, side by side."""
    return runner.compare(names or runner.scenario_names(), metric=metric)


def _role(principal: Principal | None) -> str | None:
    return principal.role.value if principal is not None else None


def _options(body: RunOptions) -> dict[str, Any]:
    return {
        "draws": body.draws,
        "seed": body.seed,
        "metric": body.metric,
        "end_year": body.end_year,
        "dataset": body.dataset,
        "version": body.version,
    }


def _base(db: Session, body: RunOptions) -> dict[str, Any]:
    """The base-year inventory of a stored activity dataset, when one is named."""
    if body.dataset is None:
        return {}
    stored = compute_inventory(db_session=db, dataset=body.dataset, version=body.version)
    label = f"activity dataset {body.dataset} v{stored.version.version}"
    return {"inventory": stored.inventory, "inventory_label": label}


def _save(
    db: Session,
    principal: Principal | None,
    rep: dict[str, Any],
    body: RunOptions,
    definition: str = "",
) -> dict[str, Any]:
    """Store the run when asked (unit editors and admins), returning the report with its id."""
    if not body.save:
        return rep
    _may_save(principal, body)
    assert principal is not None
    return _store(db, principal.username, rep, body, definition)


def _may_save(principal: Principal | None, body: RunOptions) -> None:
    if not body.save:
        return
    if principal is None:
        raise Unauthenticated("保存需要登录 / saving a run needs a token (unit_editor or admin)")
    require_role(principal, Role.ADMIN, Role.UNIT_EDITOR)


def _store(
    db: Session, actor: str, rep: dict[str, Any], body: RunOptions, definition: str = ""
) -> dict[str, Any]:
    row = service.save_run(
        db_session=db, report=rep, options=_options(body), actor=actor, definition=definition
    )
    db.commit()
    return {**rep, "run_id": row.id}


def run_job(
    *, database_url: str | None, name: str, options: dict[str, Any], actor: str | None
) -> dict[str, Any]:
    """A queued run (``carbonpeak worker``): the same run and save as the route's."""
    opts = RunOptions(**options)
    with session_scope(database_url) as db:
        rep = runner.run_named(
            name,
            draws=opts.draws,
            seed=opts.seed,
            metric=opts.metric,
            end_year=opts.end_year,
            **_base(db, opts),
        )
        if opts.save and actor is not None:
            return _store(db, actor, rep, opts)
        return rep


@router.get("/runs", response_model=list[RunSummary])
def list_runs(db: Db, scenario: str | None = None) -> list[dict[str, Any]]:
    """Saved runs, newest first (headline figures; the full result at /runs/{id})."""
    return [service.summary(r) for r in service.list_runs(db_session=db, scenario=scenario)]


@router.get("/runs/{run_id}", response_model=RunDetail)
def get_run(db: Db, run_id: int) -> dict[str, Any]:
    """One saved run with its full result."""
    row = service.get_run(db_session=db, run_id=run_id)
    return {**service.summary(row), "definition": row.definition, "result": json.loads(row.result)}


@router.post("/custom/run", response_model=RunReport)
def run_custom(body: CustomRun, db: Db, principal: MaybePrincipal) -> dict[str, Any]:
    """Run a user's scenario: YAML text, or a bundled parent with a few overrides."""
    if body.yaml is not None:
        source = loader.read_source(body.yaml, "<yaml>")
    elif body.parent:
        data = {**body.overrides, "scenario": body.name, "parent": body.parent}
        if body.title:
            data["title"] = body.title
        source = loader.source_from_mapping(data, "<overrides>")
    else:
        raise InputError("需要 yaml 或 parent / give `yaml`, or `parent` with `overrides`")
    if source.name in runner.scenario_names():
        raise InputError(f"情景名与内置情景重复 / {source.name!r} is a bundled scenario's name")
    check_run_size(_role(principal), draws=body.draws, end_year=body.end_year)
    with heavy_slot():  # at most a few runs at once (core.heavy)
        rep = runner.run_named(
            source.name,
            draws=body.draws,
            seed=body.seed,
            metric=body.metric,
            end_year=body.end_year,
            custom=source,
            **_base(db, body),
        )
    definition = (
        body.yaml
        if body.yaml is not None
        else json.dumps({"parent": body.parent, "overrides": body.overrides}, ensure_ascii=False)
    )
    return _save(db, principal, rep, body, definition)


class DistributionOut(BaseModel):
    type: str = Field(description="normal, uniform, triangular, choice ...")
    args: list[Number]


class ParameterOut(BaseModel):
    """A named number expressions may read, optionally uncertain."""

    value: Number
    distribution: DistributionOut | None
    where: str = Field(description="the file and line it was written at")


class VariableOut(BaseModel):
    """One time-series input: unit, base-year value, expression, where and its source."""

    path: str
    unit: str
    expr: str
    base: Number | None = Field(description="null: the base year comes from the inventory")
    where: str
    source: str
    illustrative: bool


class PlanTargetOut(Sparse):
    """A plan target (or benchmark) the scenario's variables feed."""

    feeds: list[str] = Field(description="the variables' paths")
    year: int | None = None
    comparator: str | None = None
    indicator: str | None = None
    text: str | None = Field(None, description="the plan's sentence")


class ScenarioOut(BaseModel):
    """A scenario's definition (情景定义): its chain of files, parameters, variables with their
    expressions and sources, and the plan targets its variables feed."""

    name: str
    title: str
    parent: str | None
    chain: list[str]
    description: str
    illustrative: str = Field(description="示意 why the scenario is illustrative (empty if not)")
    region: str
    base_year: int
    end_year: int
    files: list[str]
    parameters: dict[str, ParameterOut]
    variables: list[VariableOut]
    plan_targets: dict[str, PlanTargetOut]


@router.get("/{name}")
def show(name: str) -> ScenarioOut:
    """A scenario's definition: variables, expressions, sources, plan targets."""
    return ScenarioOut.model_validate(report.describe(runner.load(name)))


@router.post("/{name}/run", response_model=RunReport, responses=QUEUED)
def run(
    request: Request,
    name: str,
    db: Db,
    principal: MaybePrincipal,
    body: RunOptions | None = None,
) -> Any:
    """Project a bundled scenario (with a Monte Carlo if ``draws`` > 0; stored if ``save``).
    With Redis configured a Monte Carlo run is queued: 202 and the job's URL."""
    opts = body or RunOptions()
    check_run_size(_role(principal), draws=opts.draws, end_year=opts.end_year)
    if opts.draws > 0 and jobs.queue_configured():
        runner.load(name)  # an unknown scenario is 404 now, not a failed job later
        _may_save(principal, opts)
        job_id = jobs.enqueue(
            "carbonpeak.scenarios.api.run_job",
            kind="scenario-run",
            owner=principal.username if principal else None,
            database_url=request.app.state.database_url,
            name=name,
            options=opts.model_dump(),
            actor=principal.username if principal else None,
        )
        assert job_id is not None
        return job_accepted(job_id)
    with heavy_slot():  # at most a few runs at once (core.heavy)
        rep = runner.run_named(
            name,
            draws=opts.draws,
            seed=opts.seed,
            metric=opts.metric,
            end_year=opts.end_year,
            **_base(db, opts),
        )
    return _save(db, principal, rep, opts)


@router.get("/{name}/wedges", response_model=WedgesOut)
def lever_wedges(
    name: str, reference: str = "baseline", metric: report.Metric = "territorial"
) -> dict[str, Any]:
    """Each lever's contribution: with the lever minus without it."""
    return runner.lever_wedges(reference, name, metric=metric)


@router.get("/{name}/sensitivity", response_model=SensitivityOut)
def sensitivity(
    name: str, n: int = 512, seed: int = 0, metric: report.Metric = "territorial"
) -> dict[str, Any]:
    """Sobol indices (S1, ST) for 2030 emissions and peaking by 2030; the five top drivers."""
    return runner.sensitivity(name, n=n, seed=seed, metric=metric)


@router.get("/{name}/districts", response_model=DistrictsOut)
def districts(name: str, metric: report.Metric = "territorial") -> dict[str, Any]:
    """梯次有序达峰: each district's run and the order in which they peak."""
    return runner.districts(name, metric=metric)


@router.get(
    "/{name}/iamc.csv",
    response_class=Response,
    responses={
        200: {
            "description": "IAMC 格式 CSV (model, scenario, region, variable, unit, years …)",
            "content": {"text/csv": {"schema": {"type": "string"}}},
        }
    },
)
def iamc_csv(name: str) -> Response:
    """The run in IAMC format (CSV, readable by pyam)."""
    text = iamc.to_csv([runner.run_scenario(name)])
    return Response(
        text,
        media_type="text/csv; charset=utf-8",
        headers={"Content-Disposition": f'attachment; filename="{name}_iamc.csv"'},
    )
