"""Scenario YAML files (human-editable) → :class:`~carbonpeak.scenarios.model.Scenario`.

Each file is one scenario. A root file (no ``parent``) holds the whole tree and the base year;
a child names its ``parent`` and writes only what differs: its mappings are merged key by key
onto the parent's, and a bare expression where the parent has a variable replaces only that
variable's ``expr``. Every key's file and line are kept (read with ``yaml.compose``), so an
error names the file, line and key: ``plan.yaml line 12, demand.industry.steel.intensity.expr:
unknown function 'grow'``. Unknown keys are errors, never ignored.
"""

from __future__ import annotations

import copy
import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from functools import cache
from importlib import resources
from pathlib import Path
from typing import Any

import yaml

from carbonpeak.core.errors import InputError, NotFound, Problem
from carbonpeak.scenarios.definition import schema, uncertainty
from carbonpeak.scenarios.definition.builder import VAR_KEYS, Loc, Path_, is_variable, nearest
from carbonpeak.scenarios.model import Scenario


@dataclass
class Source:
    """One scenario file as read: data, and the (file, line) of every key path."""

    name: str
    data: dict[str, Any]
    marks: dict[Path_, Loc] = field(default_factory=dict)
    filename: str = ""

    @property
    def parent(self) -> str | None:
        parent = self.data.get("parent")
        return str(parent) if parent not in (None, "") else None


def _problem(loc: Loc | None, path: Path_, reason: str) -> Problem:
    file, line = loc or ("", None)
    field_ = ".".join(path) or "(file)"
    return Problem(line, f"{file}: {field_}" if file else field_, reason)


def _raise(problems: list[Problem], what: str) -> None:
    raise InputError(
        f"情景文件有错误 / scenario {what} has errors: {schema.format_problems(problems)}", problems
    )


def read_source(text: str, filename: str = "<text>") -> Source:
    """A scenario file from YAML text, with the line of every key."""
    try:
        root = yaml.compose(text, Loader=yaml.SafeLoader)
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        line = mark.line + 1 if mark is not None else None
        why = getattr(exc, "problem", None) or str(exc)
        _raise(
            [Problem(line, f"{filename}: (file)", f"YAML 语法错误 / YAML syntax: {why}")], filename
        )
        raise AssertionError from exc  # unreachable
    marks: dict[Path_, Loc] = {}
    problems: list[Problem] = []
    constructor = yaml.constructor.SafeConstructor()

    def convert(node: yaml.Node | None, path: Path_) -> Any:
        if node is None:
            return None
        marks.setdefault(path, (filename, node.start_mark.line + 1))
        if isinstance(node, yaml.MappingNode):
            out: dict[str, Any] = {}
            for key_node, value_node in node.value:
                key = str(constructor.construct_object(key_node, deep=True))
                sub = (*path, key)
                if key in out:
                    problems.append(
                        _problem(
                            (filename, key_node.start_mark.line + 1), sub, "重复 / duplicate key"
                        )
                    )
                marks[sub] = (filename, key_node.start_mark.line + 1)
                out[key] = convert(value_node, sub)
            return out
        if isinstance(node, yaml.SequenceNode):
            return [convert(v, (*path, str(i))) for i, v in enumerate(node.value)]
        return constructor.construct_object(node, deep=True)

    data = convert(root, ())
    if problems:
        _raise(problems, filename)
    if not isinstance(data, dict):
        _raise(
            [Problem(1, f"{filename}: (file)", "应为映射 / expected a mapping of keys")], filename
        )
    name = data.get("scenario")
    if not isinstance(name, str) or not name.strip():
        line = marks.get(("scenario",), (filename, 1))[1]
        _raise(
            [Problem(line, f"{filename}: scenario", "缺少情景名 / missing scenario name")], filename
        )
    return Source(str(name), data, marks, filename)


def source_from_mapping(data: Mapping[str, Any], filename: str = "<request>") -> Source:
    """A scenario from already-parsed data (an API body): key paths, no line numbers."""
    marks: dict[Path_, Loc] = {}

    def walk(value: Any, path: Path_) -> None:
        marks[path] = (filename, None)
        if isinstance(value, Mapping):
            for k, v in value.items():
                walk(v, (*path, str(k)))

    walk(data, ())
    return Source(str(data.get("scenario", "custom")), copy.deepcopy(dict(data)), marks, filename)


_VARIABLE_SECTIONS = {("key_assumptions",), ("demand",), ("power",), ("fugitive",), ("sinks",)}


def _merge(
    base: Any, base_marks: dict[Path_, Loc], over: Any, over_marks: dict[Path_, Loc], path: Path_
) -> Any:
    if isinstance(base, dict) and isinstance(over, dict):
        out = dict(base)
        for key, value in over.items():
            sub = (*path, key)
            out[key] = (
                _merge(base[key], base_marks, value, over_marks, sub) if key in base else value
            )
            if key not in base:
                for p, loc in over_marks.items():
                    if p[: len(sub)] == sub:
                        base_marks[p] = loc
        return out
    if over == "remainder":  # a fuel share that becomes the remainder
        base_marks[path] = over_marks.get(path, ("", None))
        return over
    if isinstance(base, dict) and not isinstance(over, dict) and is_variable(base):
        base_marks[(*path, "expr")] = over_marks.get(path, ("", None))
        return {**base, "expr": over}
    if (
        path[:1] in _VARIABLE_SECTIONS
        and path[-1] not in VAR_KEYS
        and isinstance(base, int | float)
        and not isinstance(base, bool)
        and isinstance(over, str)
    ):  # a bare number (a constant) replaced by an expression: the number stays the base
        base_marks[(*path, "expr")] = over_marks.get(path, ("", None))
        return {"expr": over, "base": base}
    if isinstance(base, dict) and not isinstance(over, dict) and "value" in base:
        base_marks[(*path, "value")] = over_marks.get(path, ("", None))
        return {**base, "value": over}
    for p, loc in over_marks.items():
        if p[: len(path)] == path:
            base_marks[p] = loc
    return copy.deepcopy(over)


def resolve_chain(name: str, sources: Mapping[str, Source]) -> list[Source]:
    """The sources from the root to ``name`` (raises on an unknown parent or a cycle)."""
    chain: list[Source] = []
    current: str | None = name
    while current is not None:
        src = sources.get(current)
        if src is None:
            child = chain[-1] if chain else None
            where = child.marks.get(("parent",)) if child else None
            known = ", ".join(sorted(sources))
            if child is None:
                raise NotFound(f"未知情景 / unknown scenario {name!r} (known: {known})")
            _raise(
                [
                    _problem(
                        where,
                        ("parent",),
                        f"未知父情景 / unknown parent {current!r} (known: {known})",
                    )
                ],
                child.filename,
            )
            raise AssertionError  # unreachable
        if src in chain:
            names = " → ".join(s.name for s in [*chain, src])
            raise InputError(f"情景继承成环 / scenario inheritance cycle: {names}")
        chain.append(src)
        current = src.parent
    return list(reversed(chain))


#: Sections where a child may add a branch, and the keys a new branch must have (a new name
#: without them is a misspelt override: reported as an unknown key with the nearest name).
_BRANCH_SECTIONS: dict[Path_, tuple[str, ...]] = {
    ("demand",): ("activity", "intensity", "fuels"),
    ("power", "technologies"): ("capacity",),
    ("fugitive",): ("activity",),
}
_PLAN_CALL = re.compile(r"""plan\(\s*["']([^"']+)["']\s*\)""")


def _new_branches(parent: Mapping[str, Any], child: Source) -> list[Problem]:
    """A child's new demand branch, technology or fugitive source that is incomplete."""
    problems = []
    for section, needs in _BRANCH_SECTIONS.items():
        old: Any = parent
        new: Any = child.data
        for key in section:
            old = old.get(key) if isinstance(old, Mapping) else None
            new = new.get(key) if isinstance(new, Mapping) else None
        if not isinstance(new, Mapping):
            continue
        old = old if isinstance(old, Mapping) else {}
        for key, value in new.items():
            if key in old or (isinstance(value, Mapping) and set(needs) <= set(value)):
                continue
            path = (*section, str(key))
            problems.append(
                _problem(
                    child.marks.get(path),
                    path,
                    f"未知键 / unknown key{nearest(str(key), old)} (a new branch needs "
                    f"{', '.join(needs)}; known: {', '.join(sorted(old))})",
                )
            )
    return problems


def _plan_reads(data: Any, path: Path_, out: dict[str, list[str]]) -> None:
    """plan("id") → the variable paths that read it, in one file's data."""
    if isinstance(data, Mapping):
        for k, v in data.items():
            _plan_reads(v, (*path, str(k)), out)
    elif isinstance(data, str):
        var = path[:-1] if path and path[-1] == "expr" else path
        for ref in _PLAN_CALL.findall(data):
            out.setdefault(ref, []).append(".".join(var))


def merged(name: str, sources: Mapping[str, Source]) -> Source:
    """The data of ``name`` with everything inherited from its parents."""
    chain = resolve_chain(name, sources)
    data: Any = copy.deepcopy(chain[0].data)
    marks = dict(chain[0].marks)
    lever_refs: dict[str, list[str]] = {}
    _plan_reads(chain[0].data, (), lever_refs)
    for src in chain[1:]:
        problems = _new_branches(data, src)
        if problems:
            _raise(problems, src.filename)
        _plan_reads(src.data, (), lever_refs)
        data = _merge(data, marks, src.data, src.marks, ())
    data["scenario"] = name
    data["_chain"] = [s.name for s in chain]
    data["_files"] = [s.filename for s in chain]
    data["_lever_refs"] = lever_refs
    own = chain[-1].data.get("parameters")
    data["_own_parameters"] = sorted(map(str, own)) if isinstance(own, Mapping) else []
    return Source(name, data, marks, chain[-1].filename)


def build(
    name: str, sources: Mapping[str, Source], plan_targets: Mapping[str, Any] | None = None
) -> Scenario:
    """The scenario ``name`` built and validated (all problems raised together), with its
    levers against the root scenario and the engine's uncertainties (:mod:`.uncertainty`)."""
    src = merged(name, sources)
    s = schema.build(src.data, src.marks, plan_targets)
    root = None
    if len(s.chain) > 1:
        r = merged(s.chain[0], sources)
        root = schema.build(r.data, r.marks, plan_targets)
    return uncertainty.with_levers(s, root)


# ---------------------------------------------------------------- bundled files

DATA = "data"


@cache
def bundled_cities() -> tuple[str, ...]:
    root = resources.files("carbonpeak.scenarios") / DATA
    return tuple(
        sorted(p.name for p in root.iterdir() if p.is_dir() and not p.name.startswith("_"))
    )


@cache
def bundled_sources(city: str = "liupanshui") -> dict[str, Source]:
    """The bundled scenario files of a city, by scenario name."""
    folder = resources.files("carbonpeak.scenarios") / DATA / city
    if city not in bundled_cities():
        raise InputError(f"没有该城市的情景 / no bundled scenarios for {city!r}")
    out: dict[str, Source] = {}
    for entry in sorted(folder.iterdir(), key=lambda p: p.name):
        if entry.name.endswith(".yaml"):
            src = read_source(entry.read_text(encoding="utf-8"), entry.name)
            out[src.name] = src
    return out


def sources_with(extra: Source, city: str = "liupanshui") -> dict[str, Source]:
    """The bundled sources plus one more (a user's scenario, which may inherit from them);
    a user's scenario needs a title (it is shown on every page and report)."""
    title = extra.data.get("title")
    if not isinstance(title, str) or not title.strip():
        where = extra.marks.get(("title",)) or extra.marks.get((), (extra.filename, 1))
        _raise(
            [_problem(where, ("title",), "缺少标题 / a user scenario needs a title")],
            extra.filename,
        )
    return {**bundled_sources(city), extra.name: extra}


def read_file(path: Path) -> Source:
    return read_source(path.read_text(encoding="utf-8"), path.name)
