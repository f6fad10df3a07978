"""Print the bundled seed plan to PDF with headless Chromium, as a user would print a plan page
from a browser: each line of the seed a paragraph, first line indented 2em as in printed plans,
Noto Sans CJK (Chromium then writes some characters as CJK radicals such as ⻛ for 风, which
the reader must map back).

The PDF is about 1 MB, too large to commit: tests/plan/test_inputs.py runs this script into a
temporary folder (skipped without Chromium).
Run: .venv/bin/python scripts/make_seed_pdf.py [OUT.pdf]   (needs /usr/bin/chromium)
"""

from __future__ import annotations

import html
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SEED = ROOT / "src" / "carbonpeak" / "data" / "liupanshui_carbon_peak_plan_2023.txt"
OUT = ROOT / "liupanshui_seed_chromium.pdf"
CHROMIUM = "/usr/bin/chromium"

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


if __name__ == "__main__":
    main(Path(sys.argv[1]) if len(sys.argv) > 1 else OUT)
