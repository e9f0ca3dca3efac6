"""A braille line plot: each terminal cell holds a 2×4 grid of dots, so a
chart of W×H cells has 2W×4H points of resolution."""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass
from itertools import pairwise

_BASE = 0x2800
# Bit for the dot at (column, row) inside one cell.
_DOT = ((0x01, 0x02, 0x04, 0x40), (0x08, 0x10, 0x20, 0x80))


def resample(
    timestamps: Sequence[float], values: Sequence[float], start: float, end: float, columns: int
) -> list[float | None]:
    """One value per pixel column: the maximum in its time bucket, so a short
    spike is never averaged away. Empty buckets are None (a gap)."""
    out: list[float | None] = [None] * columns
    if columns <= 0 or end <= start:
        return out
    scale = columns / (end - start)
    for ts, value in zip(timestamps, values, strict=True):
        if math.isnan(value) or ts < start or ts > end:
            continue
        x = min(columns - 1, int((ts - start) * scale))
        current = out[x]
        out[x] = value if current is None else max(current, value)
    return out


def sampling_gap(timestamps: Sequence[float]) -> float:
    """The longest pause between two samples that is still one line: twice
    the series' usual interval (a review's stored points, a slow scrape).
    Longer, and the source was away: a gap is drawn."""
    steps = sorted(b - a for a, b in pairwise(timestamps) if b > a)
    return 2 * steps[len(steps) // 2] if steps else 0.0


def bridged(points: Sequence[float | None], max_run: int) -> list[float | None]:
    """`points` with each run of empty columns between two values filled in
    a straight line, where the run is at most `max_run` long: sparse points
    read as a line, not as scattered dots; a longer run stays a gap."""
    out = list(points)
    last: int | None = None
    for index, value in enumerate(out):
        if value is None:
            continue
        if last is not None and 1 < index - last <= max_run + 1:
            start = out[last]
            assert start is not None
            for step in range(1, index - last):
                out[last + step] = start + (value - start) * step / (index - last)
        last = index
    return out


@dataclass
class Canvas:
    """Cells of dot bits plus, per cell, the index of the series that drew last."""

    width: int
    height: int

    def __post_init__(self) -> None:
        self.bits = [[0] * self.width for _ in range(self.height)]
        self.owner = [[-1] * self.width for _ in range(self.height)]

    def dot(self, px: int, py: int, series: int) -> None:
        """Set the dot at pixel (px, py); py counts up from the bottom."""
        row = self.height - 1 - py // 4
        col = px // 2
        if 0 <= row < self.height and 0 <= col < self.width:
            self.bits[row][col] |= _DOT[px % 2][3 - py % 4]
            self.owner[row][col] = series

    def char(self, row: int, col: int) -> str:
        return chr(_BASE + self.bits[row][col]) if self.bits[row][col] else " "


def plot(
    columns_per_series: Sequence[Sequence[float | None]],
    width: int,
    height: int,
    y_max: float,
) -> Canvas:
    """Draw each series (already resampled to 2×width columns) as a connected
    line; later series are drawn over earlier ones."""
    canvas = Canvas(width, height)
    top = height * 4 - 1
    for index, points in enumerate(columns_per_series):
        previous: int | None = None
        for px, value in enumerate(points):
            if value is None:
                previous = None
                continue
            py = round(min(max(value / y_max, 0.0), 1.0) * top) if y_max > 0 else 0
            low, high = (py, py) if previous is None else sorted((previous, py))
            # Fill the vertical run from the previous point so steep changes
            # read as a line, not scattered dots.
            for y in range(low, high + 1):
                canvas.dot(px, y, index)
            previous = py
    return canvas


def nice_ceiling(value: float) -> float:
    """Round up to 1, 2, 2.5 or 5 times a power of ten, for readable axes."""
    if value <= 0 or math.isnan(value):
        return 1.0
    magnitude: float = 10 ** math.floor(math.log10(value))
    for step in (1, 2, 2.5, 5, 10):
        if value <= step * magnitude:
            return step * magnitude
    return 10 * magnitude
