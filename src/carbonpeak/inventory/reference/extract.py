"""Make the small extract of the reference files that ships in ``carbonpeak/data/reference``.

It keeps, line for line and byte for byte in each field, the rows of the full files that the
Liupanshui demo needs: all Guizhou provincial rows (every year, sector and fuel), the
Liupanshui city rows and the rows of Liupanshui's four counties. Regenerate with::

    .venv/bin/python -m carbonpeak.inventory.reference.extract ../shared/data/ceads \
        src/carbonpeak/data/reference

Gzip output is written with mtime 0 and no file name, so the same input gives the same bytes.
"""

from __future__ import annotations

import csv
import gzip
import io
import sys
from pathlib import Path

from carbonpeak.inventory.reference.model import DATASETS

#: dataset key -> (column, values kept).
KEEP: dict[str, tuple[str, frozenset[str]]] = {
    "ceads-province": ("province", frozenset({"Guizhou"})),
    "ceads-city": ("city", frozenset({"贵州六盘水"})),
    "chen2020-county": ("distcode", frozenset({"520201", "520203", "520221", "520222"})),
}


def extract_text(text: str, column: str, keep: frozenset[str]) -> tuple[str, int]:
    """The header and the rows whose ``column`` is in ``keep`` (CSV text, CRLF line ends as in
    the published files),
    and how many rows were kept."""
    reader = csv.reader(io.StringIO(text, newline=""))
    header = next(reader)
    index = header.index(column)
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(header)
    kept = 0
    for row in reader:
        if row[index] in keep:
            writer.writerow(row)
            kept += 1
    return out.getvalue(), kept


def write_extract(source_dir: Path, target_dir: Path) -> dict[str, int]:
    """Write the extract of every dataset; returns rows kept per dataset."""
    target_dir.mkdir(parents=True, exist_ok=True)
    counts = {}
    for key, (column, keep) in KEEP.items():
        name = DATASETS[key].filename
        data = (source_dir / name).read_bytes()
        if name.endswith(".gz"):
            data = gzip.decompress(data)
        text, counts[key] = extract_text(data.decode("utf-8-sig"), column, keep)
        out = text.encode("utf-8")
        if name.endswith(".gz"):
            buffer = io.BytesIO()
            with gzip.GzipFile(filename="", mode="wb", fileobj=buffer, mtime=0) as gz:
                gz.write(out)
            out = buffer.getvalue()
        (target_dir / name).write_bytes(out)
    return counts


if __name__ == "__main__":
    print(write_extract(Path(sys.argv[1]), Path(sys.argv[2])))
