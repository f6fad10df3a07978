"""The command line starts without the heavy libraries: a domain is imported only when one of its
commands runs (root table in ``carbonpeak.cli.DOMAINS``, group in ``carbonpeak.core.cli``)."""

from __future__ import annotations

import subprocess
import sys

from typer.testing import CliRunner

from carbonpeak import __version__
from carbonpeak.cli import DOMAINS, app

HEAVY = ("numpy", "pandas", "openpyxl", "sqlalchemy", "pydantic", "fastapi", "pint")
PROBE = (
    "import sys\n"
    "from carbonpeak.cli import main\n"
    "sys.argv = ['carbonpeak', *sys.argv[1:]]\n"
    "try:\n"
    "    main()\n"
    "except SystemExit:\n"
    "    pass\n"
    "heavy = {heavy!r}\n"
    "print(' '.join(sorted(m for m in heavy if m in sys.modules)) or '-', file=sys.stderr)\n"
)


def loaded_heavy(*args: str) -> set[str]:
    """Which heavy libraries a ``carbonpeak`` run in a new process has imported."""
    done = subprocess.run(
        [sys.executable, "-c", PROBE.format(heavy=HEAVY), *args],
        capture_output=True,
        text=True,
        check=True,
        timeout=60,
    )
    last = done.stderr.strip().splitlines()[-1]
    return set() if last == "-" else set(last.split())


def test_help_imports_no_domain_library() -> None:
    assert loaded_heavy("--help") == set()
    assert loaded_heavy("plan", "--help") == set()


def test_a_command_still_loads_its_domain() -> None:
    # the probe itself sees the import happen, so the empty sets above are not vacuous
    assert "pydantic" in loaded_heavy("plan", "parse", "/nonexistent.txt")


def test_version_and_help_list_every_domain() -> None:
    runner = CliRunner()
    result = runner.invoke(app, ["--version"])
    assert result.exit_code == 0 and result.output.strip() == f"carbonpeak {__version__}"
    result = runner.invoke(app, ["--help"])
    assert result.exit_code == 0
    for name in [*DOMAINS, "init", "demo", "serve"]:
        assert f" {name} " in result.output
    assert "实施方案 plan registry" in result.output


def test_a_misspelt_domain_gets_a_suggestion() -> None:
    result = CliRunner().invoke(app, ["plna"])
    assert result.exit_code == 2 and "'plan'" in result.output
