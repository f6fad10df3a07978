"""Bar charts as PNG images, drawn in pure Python (zlib + struct; no plotting library).

The images carry no text at all, so no font is needed and no glyph can be missing: every
label and number goes into the document next to the chart (a numbered caption or table).
"""

from __future__ import annotations

import struct
import zlib
from collections.abc import Sequence

Color = tuple[int, int, int]

WHITE: Color = (255, 255, 255)
GRID: Color = (220, 220, 220)
AXIS: Color = (90, 90, 90)
#: Colours of the statuses (achieved, on track, at risk, off track, no data) and results.
STATUS_COLORS: dict[str, Color] = {
    "achieved": (46, 125, 50),
    "on_track": (102, 187, 106),
    "at_risk": (255, 179, 0),
    "off_track": (211, 47, 47),
    "no_data": (158, 158, 158),
}
RESULT_COLORS: dict[str, Color] = {
    "commend": (46, 125, 50),
    "none": (66, 133, 244),
    "notify": (211, 47, 47),
    "not_assessed": (158, 158, 158),
}


class Canvas:
    """An RGB raster with filled rectangles, written out as PNG."""

    def __init__(self, width: int, height: int, background: Color = WHITE) -> None:
        if width <= 0 or height <= 0:
            raise ValueError(f"canvas size must be positive: {width}x{height}")
        self.width = width
        self.height = height
        self.rows = [bytearray(bytes(background) * width) for _ in range(height)]

    def rect(self, x0: int, y0: int, x1: int, y1: int, color: Color) -> None:
        """Fill [x0, x1) × [y0, y1), clipped to the canvas."""
        x0, x1 = max(0, x0), min(self.width, x1)
        y0, y1 = max(0, y0), min(self.height, y1)
        if x0 >= x1 or y0 >= y1:
            return
        run = bytes(color) * (x1 - x0)
        for y in range(y0, y1):
            self.rows[y][3 * x0 : 3 * x1] = run

    def png(self) -> bytes:
        raw = b"".join(b"\x00" + bytes(r) for r in self.rows)

        def chunk(kind: bytes, data: bytes) -> bytes:
            body = kind + data
            return struct.pack(">I", len(data)) + body + struct.pack(">I", zlib.crc32(body))

        header = struct.pack(">IIBBBBB", self.width, self.height, 8, 2, 0, 0, 0)
        return (
            b"\x89PNG\r\n\x1a\n"
            + chunk(b"IHDR", header)
            + chunk(b"IDAT", zlib.compress(raw, 9))
            + chunk(b"IEND", b"")
        )


def horizontal_bars(
    values: Sequence[float | None],
    colors: Sequence[Color],
    *,
    max_value: float = 100.0,
    width: int = 640,
    bar: int = 14,
    gap: int = 6,
    ticks: int = 5,
) -> bytes:
    """One horizontal bar per value (``None``: an empty row), on a grid of ``ticks`` steps
    from 0 to ``max_value`` (the caption states the scale)."""
    if max_value <= 0:
        raise ValueError("max_value must be positive")
    pad = 8
    height = pad * 2 + max(1, len(values)) * (bar + gap)
    c = Canvas(width, height)
    plot = width - 2 * pad
    for k in range(ticks + 1):
        x = pad + round(plot * k / ticks)
        c.rect(x, pad // 2, x + 1, height - pad // 2, GRID)
    for i, (v, color) in enumerate(zip(values, colors, strict=True)):
        if v is None:
            continue
        y = pad + i * (bar + gap)
        length = round(plot * min(max(v, 0.0), max_value) / max_value)
        c.rect(pad, y, pad + length, y + bar, color)
    c.rect(pad, pad // 2, pad + 1, height - pad // 2, AXIS)
    return c.png()


def stacked_bar(
    parts: Sequence[tuple[float, Color]], *, width: int = 640, height: int = 36
) -> bytes:
    """One bar split in proportion to ``parts`` (an all-zero bar is left empty)."""
    c = Canvas(width, height)
    total = sum(max(0.0, p) for p, _ in parts)
    pad = 4
    c.rect(pad, pad, width - pad, height - pad, GRID)
    if total > 0:
        x = float(pad)
        plot = width - 2 * pad
        for p, color in parts:
            w = plot * max(0.0, p) / total
            c.rect(round(x), pad, round(x + w), height - pad, color)
            x += w
    return c.png()
