"""Print the bundled seed plan to PDF with headless Chromium, as a user would print a plan page
from a browser: each line of the seed a paragraph, first line indented 2em as in printed plans,
Noto Sans CJK (Chromium then writes some characters as CJK radicals such as ⻛ for 风, which
the reader must map back). ``libreoffice_pdf`` prints a file (the seed's .txt, or a .docx) with
LibreOffice, the other printer users have; ``--libreoffice`` prints the seed with it.

The PDF is about 1 MB, too large to commit: tests/plan/test_inputs.py and
benchmarks/bench_plan.py run this script (Chromium) and import ``libreoffice_pdf`` by path,
printing into a temporary folder (each skipped without its printer).
Run: .venv/bin/python scripts/make_seed_pdf.py [--libreoffice] [OUT.pdf]
(needs /usr/bin/chromium, or soffice with --libreoffice)
"""

from __future__ import annotations

import html
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SEED = ROOT / "src" / "carbonpeak" / "data" / "liupanshui_carbon_peak_plan_2023.txt"
OUT = ROOT / "liupanshui_seed_chromium.pdf"
CHROMIUM = "/usr/bin/chromium"
#: LibreOffice's command where installed, else None
SOFFICE = shutil.which("soffice") or shutil.which("libreoffice")
#: a .txt is read as UTF-8 (LibreOffice would guess its encoding otherwise)
TEXT_FILTER = "--infilter=Text (encoded):UTF8,,,"

PAGE = """<!doctype html><html lang="zh-CN"><head><meta charset="utf-8">
<title>六盘水市碳达峰实施方案</title>
<style>
body {{ font-family: "Noto Sans CJK SC", sans-serif; font-size: 11pt; line-height: 1.6; }}
p {{ margin: 0; text-indent: 2em; }}
</style></head><body>
{paragraphs}
</body></html>
"""


def main(out: Path = OUT) -> None:
    lines = SEED.read_text(encoding="utf-8").splitlines()
    paragraphs = "\n".join(f"<p>{html.escape(line.strip())}</p>" for line in lines if line.strip())
    with tempfile.TemporaryDirectory() as tmp:
        page = Path(tmp) / "liupanshui_carbon_peak_plan_2023.html"
        page.write_text(PAGE.format(paragraphs=paragraphs), encoding="utf-8")
        subprocess.run(
            [
                CHROMIUM,
                "--headless",
                "--no-sandbox",
                "--disable-gpu",
                f"--print-to-pdf={out}",
                page.as_uri(),
            ],
            check=True,
            capture_output=True,
            timeout=120,
        )
    print(f"{out}: {out.stat().st_size:,} bytes")


def libreoffice_pdf(source: Path, profile: Path | None = None) -> Path:
    """Print ``source`` (.txt read as UTF-8, or a .docx) to PDF with headless LibreOffice:
    the PDF beside it, same name, returned. LibreOffice runs with its own profile (``profile``,
    by default a folder beside the source) so that a LibreOffice already running does not
    block it; about 10 s a conversion."""
    if SOFFICE is None:
        raise FileNotFoundError("LibreOffice (soffice) is not installed")
    profile = profile or source.parent / ".libreoffice-profile"
    options = [TEXT_FILTER] if source.suffix.lower() == ".txt" else []
    subprocess.run(
        [
            SOFFICE,
            f"-env:UserInstallation={profile.as_uri()}",
            "--headless",
            *options,
            "--convert-to",
            "pdf",
            "--outdir",
            str(source.parent),
            str(source),
        ],
        check=True,
        capture_output=True,
        timeout=300,
    )
    return source.with_suffix(".pdf")


def main_libreoffice(out: Path) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        text = Path(tmp) / SEED.name
        text.write_bytes(SEED.read_bytes())
        shutil.move(libreoffice_pdf(text), out)
    print(f"{out}: {out.stat().st_size:,} bytes")


if __name__ == "__main__":
    args = sys.argv[1:]
    printer = main_libreoffice if "--libreoffice" in args else main
    paths = [a for a in args if a != "--libreoffice"]
    printer(Path(paths[0]) if paths else OUT)
