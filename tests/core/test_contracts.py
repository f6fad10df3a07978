"""The architecture contracts in pyproject.toml (docs/architecture.md) pass on the tree and
would fail on a forbidden import: each case copies the package, adds one bad import and runs
``lint-imports`` on the copy."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
LINT = Path(sys.executable).with_name("lint-imports")


def _lint(src: Path, *contracts: str) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "PYTHONPATH": str(src)}
    args = [str(LINT), "--config", str(ROOT / "pyproject.toml"), "--no-cache"]
    for c in contracts:
        args += ["--contract", c]
    return subprocess.run(args, cwd=src, env=env, capture_output=True, text=True, timeout=300)


@pytest.fixture(scope="module")
def tree_copy(tmp_path_factory: pytest.TempPathFactory) -> Path:
    dest = tmp_path_factory.mktemp("src")
    shutil.copytree(
        ROOT / "src" / "carbonpeak",
        dest / "carbonpeak",
        ignore=shutil.ignore_patterns("__pycache__", "*.sqlite3", "data", "static", "templates"),
    )
    return dest


def _with_line(tree: Path, module: str, line: str) -> Path:
    path = tree / (module.replace(".", "/") + ".py")
    if not path.exists():
        path = tree / module.replace(".", "/") / "__init__.py"
    original = path.read_text(encoding="utf-8")
    path.write_text(original + f"\n{line}\n", encoding="utf-8")
    return path


@pytest.mark.skipif(not LINT.exists(), reason="import-linter is not installed")
@pytest.mark.parametrize(
    ("module", "line", "contract"),
    [
        # a pure module touching the database layer
        ("carbonpeak.core.units", "import sqlalchemy", "pure-modules"),
        ("carbonpeak.plan.reading.text", "from carbonpeak.db import session", "pure-modules"),
        # a pure module reaching for a service
        (
            "carbonpeak.plan.reading.parser",
            "from carbonpeak.plan.registry import service",
            "pure-over-adapters",
        ),
        # a lower domain importing a higher one
        ("carbonpeak.plan.model", "import carbonpeak.tracking", "domains-layered"),
        # another domain bypassing the public names
        ("carbonpeak.tracking.model", "import carbonpeak.plan.registry.service", "public-plan"),
        # a cycle between two sibling modules
        ("carbonpeak.plan.reading.text", "import carbonpeak.plan.reading.parser", "no-cycles"),
    ],
)
def test_a_forbidden_import_breaks_its_contract(
    tree_copy: Path, module: str, line: str, contract: str
) -> None:
    path = _with_line(tree_copy, module, line)
    original = path.read_text(encoding="utf-8").removesuffix(f"\n{line}\n")
    try:
        result = _lint(tree_copy, contract)
    finally:
        path.write_text(original, encoding="utf-8")
    assert result.returncode != 0, result.stdout
    assert "BROKEN" in result.stdout


@pytest.mark.skipif(not LINT.exists(), reason="import-linter is not installed")
def test_the_copy_itself_keeps_every_contract(tree_copy: Path) -> None:
    result = _lint(tree_copy)
    assert result.returncode == 0, result.stdout[-3000:]
