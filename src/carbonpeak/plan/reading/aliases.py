"""Resolving organisation names against the alias tables (data in ``aliases/*.yaml``: the
city's units, the State Council's ministries by short name).

A name is known (canonical or alias); suspect: one character away from a known name of the same
level, like 市能源句 for 市能源局, or 事教育局 for 市教育局 (the level itself mistyped) — kept as
written, reported with the suggestion, never silently replaced; generic: not in a table but
written like a government unit of any city or province (省能源局, 各区人民政府, 某市发展改革委),
accepted without a warning; or unknown (kept as written, reported). Levels: 国家/国务院, 省, 市,
区/县, 各 (every unit of a kind); 省能源局 is never a misspelt 市能源局.
"""

from __future__ import annotations

import difflib
import re
from dataclasses import dataclass, field
from functools import lru_cache
from importlib import resources
from pathlib import Path
from typing import Literal

import yaml

from carbonpeak.core.errors import InputError

Status = Literal["canonical", "alias", "generic", "unknown", "suspect"]


@dataclass(frozen=True)
class Resolution:
    name: str  # the canonical name, or the name as written if unresolved
    written: str
    status: Status
    kind: str = "other"
    suggestion: str | None = None


@dataclass
class AliasTable:
    region: str = ""
    kinds: dict[str, str] = field(default_factory=dict)  # canonical -> kind
    aliases: dict[str, str] = field(default_factory=dict)  # alias -> canonical

    def resolve(self, written: str) -> Resolution:
        name = written.strip()
        if name in self.kinds:
            return Resolution(name, written, "canonical", self.kinds[name])
        if name in self.aliases:
            canonical = self.aliases[name]
            return Resolution(canonical, written, "alias", self.kinds[canonical])
        level = unit_level(name)
        known = [k for k in [*self.kinds, *self.aliases] if level in (None, unit_level(k))]
        close = difflib.get_close_matches(name, known, 1, 0.7)
        if close and _one_edit_apart(name, close[0]):
            target = self.aliases.get(close[0], close[0])
            return Resolution(name, written, "suspect", _kind_from_suffix(name), target)
        if is_government_unit(name):
            return Resolution(name, written, "generic", _kind_from_suffix(name))
        return Resolution(name, written, "unknown", _kind_from_suffix(name))

    def merged(self, other: AliasTable) -> AliasTable:
        return AliasTable(
            region=other.region or self.region,
            kinds={**self.kinds, **other.kinds},
            aliases={**self.aliases, **other.aliases},
        )


# Endings of Chinese government and public unit names (市发展改革委, 省能源局, 国家能源局,
# 市机关事务服务中心, 六盘水供电局, 各区县人民政府, 市税务局, 市消防救援支队 ...).
UNIT_ENDINGS = (
    "人民政府",
    "政府",
    "管委会",
    "委员会",
    "委",
    "局",
    "办",
    "厅",
    "部",
    "署",
    "院",
    "会",
    "中心",
    "公司",
    "集团",
    "银行",
    "站",
    "所",
    "处",
    "队",
    "支队",
    "总队",
    "社",
    "联",
    "部门",
    "单位",
    "企业",
)


# The endings that make a name a government unit on its own (市发展改革委, 省能源局, 国家能源局,
# 各区县人民政府, 市机关事务服务中心, 六盘水供电局 ...): issue 13's 委/局/办/厅/部/中心/公司.
GOVERNMENT_ENDINGS = (
    "人民政府",
    "管委会",
    "委员会",
    "委",
    "局",
    "办",
    "厅",
    "部",
    "署",
    "中心",
    "公司",
    "集团",
    "银行",
    "院",
)
# Level prefixes (国家/国务院, 省, 市, 区/县, 各: every unit of a kind).
LEVELS = (
    ("国家", "国家"),
    ("国务院", "国家"),
    ("省", "省"),
    ("市", "市"),
    ("区", "县"),
    ("县", "县"),
)


def unit_level(name: str) -> str | None:
    """国家, 省, 市, 县 or 各 from how a unit's name starts; None when it names no level
    (a place name, 六盘水供电局, or a mistyped prefix, 事教育局)."""
    if name.startswith("各"):
        return "各"
    return next((level for prefix, level in LEVELS if name.startswith(prefix)), None)


def is_government_unit(name: str) -> bool:
    """Written like a government unit: a level or place before a unit ending (省能源局,
    各区人民政府, 盘州市发展改革局), or a ministry's short name ending in 部/委/局/署."""
    bare = name.strip()
    return (
        3 <= len(bare) <= 30
        and bare.endswith(GOVERNMENT_ENDINGS)
        and re.fullmatch(r"[\u4e00-\u9fff()、]+", bare) is not None
    )


def looks_like_unit(name: str) -> bool:
    """A name written like a government or public unit: 2 to 30 characters ending in a unit
    word (局, 委, 厅, 中心, 人民政府 ...). Pure form; says nothing about whether it exists."""
    bare = name.strip()
    if bare.startswith(("所列", "上述", "以上", "以下", "相关")) or "的" in bare:
        return False  # 由所列负责单位按职责分工负责: a reference to units named elsewhere
    return 2 <= len(bare) <= 30 and bare.endswith(UNIT_ENDINGS) and bare not in UNIT_ENDINGS


def _one_edit_apart(a: str, b: str) -> bool:
    if abs(len(a) - len(b)) > 1:
        return False
    ops = [op for op in difflib.SequenceMatcher(None, a, b).get_opcodes() if op[0] != "equal"]
    return len(ops) == 1 and max(ops[0][2] - ops[0][1], ops[0][4] - ops[0][3]) == 1


def _kind_from_suffix(name: str) -> str:
    if name.endswith(("人民政府", "管委会")):
        return "government"
    if name.endswith(("公司", "集团", "供电局")):
        return "enterprise"
    if name.endswith(("局", "委", "办", "部", "中心", "社", "厅")):
        return "department"
    return "other"


def load_aliases(path: Path | None = None) -> AliasTable:
    """The bundled tables (every ``aliases/*.yaml``), merged with ``path`` if given."""
    table = _bundled()
    if path is not None:
        table = table.merged(_parse(path.read_text(encoding="utf-8"), str(path)))
    return table


@lru_cache(maxsize=1)
def _bundled() -> AliasTable:
    # Read once per process: every unit filter resolves names through it (~20 ms to parse).
    # Callers only read the table; ``merged`` returns a new one.
    table = AliasTable()
    folder = resources.files("carbonpeak.plan") / "aliases"
    for entry in sorted(folder.iterdir(), key=lambda e: e.name):
        if entry.name.endswith(".yaml"):
            table = table.merged(_parse(entry.read_text(encoding="utf-8"), entry.name))
    return table


def _parse(text: str, source: str) -> AliasTable:
    try:
        doc = yaml.safe_load(text) or {}
    except yaml.YAMLError as exc:
        raise InputError(f"{source}: 别名表格式错误 / invalid YAML: {exc}") from exc
    units = doc.get("units")
    if not isinstance(units, dict):
        raise InputError(f"{source}: 缺少 units 映射 / missing 'units' mapping")
    table = AliasTable(region=str(doc.get("region", "")))
    for canonical, spec in units.items():
        spec = spec or {}
        if not isinstance(spec, dict):
            raise InputError(f"{source}: units.{canonical}: 应为映射 / must be a mapping")
        table.kinds[canonical] = str(spec.get("kind", "other"))
        for alias in spec.get("aliases", []) or []:
            table.aliases[str(alias)] = canonical
    return table
