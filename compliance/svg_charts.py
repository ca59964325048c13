"""Small server-side SVG charts for the quarterly PDF report (R-REC-9).

WeasyPrint runs no JavaScript, so the charts the dashboard draws with Chart.js are drawn
here as plain SVG: a bar chart (stacked or grouped) and a line chart with gaps where a
value is missing. Each chart is an ``<svg role="img">`` with a ``<title>`` and ``<desc>``;
the report prints the same numbers in a table beside it. Text is escaped; numbers are
formatted with at most one decimal.
"""

import math
from collections.abc import Sequence
from dataclasses import dataclass

from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

# GOV.UK Design System colours: distinguishable, and dark enough on white for text.
PALETTE = ("#1d70b8", "#f47738", "#00703c", "#4c2c92", "#d4351c", "#505a5f")
AXIS_COLOUR = "#505a5f"
GRID_COLOUR = "#dddddd"
FONT = "font-family:Arial,Helvetica,sans-serif"

LEFT, RIGHT, TOP, BOTTOM = 44, 12, 12, 30
LEGEND_HEIGHT = 20


@dataclass(frozen=True)
class Series:
    name: str
    values: Sequence[float | None]


def nice_max(value: float) -> float:
    """The smallest 1, 2 or 5 times a power of ten that is at least ``value`` (at least 1)."""
    if value <= 1:
        return 1
    magnitude = 10 ** math.floor(math.log10(value))
    for step in (1, 2, 5, 10):
        if step * magnitude >= value:
            return step * magnitude
    return 10 * magnitude  # pragma: no cover - the loop always returns


def _steps(top_value: float) -> int:
    """Gridlines at round values: 2, 20, 200 in four steps; 1, 5, 10, 50, 100 in five."""
    leading = top_value / 10 ** math.floor(math.log10(top_value))
    return 4 if round(leading) == 2 else 5


def _number(value: float) -> str:
    return f"{value:.0f}" if float(value).is_integer() else f"{value:.1f}"


def _coord(value: float) -> str:
    return f"{value:.1f}"


class _Canvas:
    """Plot geometry shared by both chart kinds."""

    def __init__(self, width: int, height: int, count: int, top_value: float):
        self.width, self.height = width, height
        self.plot_left, self.plot_top = LEFT, TOP
        self.plot_width = width - LEFT - RIGHT
        self.plot_height = height - TOP - BOTTOM - LEGEND_HEIGHT
        self.count = max(count, 1)
        self.top_value = top_value

    @property
    def band(self) -> float:
        return self.plot_width / self.count

    @property
    def baseline(self) -> float:
        return self.plot_top + self.plot_height

    def y(self, value: float) -> float:
        return self.baseline - value / self.top_value * self.plot_height

    def centre(self, index: int) -> float:
        return self.plot_left + self.band * (index + 0.5)


def _open(canvas: _Canvas, title: str, description: str) -> list[str]:
    return [
        f'<svg xmlns="http://www.w3.org/2000/svg" role="img" width="{canvas.width}" height="{canvas.height}" '
        f'viewBox="0 0 {canvas.width} {canvas.height}" style="{FONT}">',
        f"<title>{escape(title)}</title>",
        f"<desc>{escape(description)}</desc>",
    ]


def _axes(canvas: _Canvas, categories: Sequence[str], unit: str) -> list[str]:
    parts = []
    steps = _steps(canvas.top_value)
    for step in range(steps + 1):
        value = canvas.top_value * step / steps
        y = _coord(canvas.y(value))
        parts.append(
            f'<line x1="{canvas.plot_left}" y1="{y}" x2="{canvas.plot_left + canvas.plot_width}" y2="{y}" '
            f'stroke="{GRID_COLOUR}" stroke-width="1"/>'
        )
        parts.append(
            f'<text x="{canvas.plot_left - 4}" y="{y}" font-size="9" text-anchor="end" '
            f'dominant-baseline="middle" fill="{AXIS_COLOUR}">{escape(_number(value) + unit)}</text>'
        )
    base, right = _coord(canvas.baseline), canvas.plot_left + canvas.plot_width
    parts.append(
        f'<line x1="{canvas.plot_left}" y1="{base}" x2="{right}" y2="{base}" '
        f'stroke="{AXIS_COLOUR}" stroke-width="1"/>'
    )
    for index, category in enumerate(categories):
        parts.append(
            f'<text x="{_coord(canvas.centre(index))}" y="{_coord(canvas.baseline + 13)}" font-size="9" '
            f'text-anchor="middle" fill="{AXIS_COLOUR}">{escape(category)}</text>'
        )
    return parts


def _legend(canvas: _Canvas, series: Sequence[Series]) -> list[str]:
    parts, x = [], float(canvas.plot_left)
    y = canvas.height - LEGEND_HEIGHT + 6
    for index, one in enumerate(series):
        colour = PALETTE[index % len(PALETTE)]
        parts.append(f'<rect x="{_coord(x)}" y="{_coord(y)}" width="10" height="10" fill="{colour}"/>')
        parts.append(
            f'<text x="{_coord(x + 14)}" y="{_coord(y + 9)}" font-size="10" fill="#0b0c0c">'
            f"{escape(one.name)}</text>"
        )
        x += 24 + 6 * len(one.name)
    return parts


def _check(categories: Sequence[str], series: Sequence[Series]) -> None:
    if not series:
        raise ValueError("A chart needs at least one series.")
    for one in series:
        if len(one.values) != len(categories):
            raise ValueError(
                f"Series {one.name!r} has {len(one.values)} values for {len(categories)} categories."
            )
        if any(value is not None and value < 0 for value in one.values):
            raise ValueError("These charts draw counts and rates: no negative values.")


def bar_chart(
    *,
    title: str,
    categories: Sequence[str],
    series: Sequence[Series],
    stacked: bool = True,
    width: int = 640,
    height: int = 240,
    unit: str = "",
) -> SafeString:
    """Bars per category: one per series side by side, or stacked into one."""
    _check(categories, series)
    values = [[value or 0 for value in one.values] for one in series]
    highest = (
        max((sum(column) for column in zip(*values, strict=True)), default=0)
        if stacked
        else max((max(row, default=0) for row in values), default=0)
    )
    canvas = _Canvas(width, height, len(categories), nice_max(highest))
    description = "; ".join(
        f"{category}: "
        + ", ".join(f"{one.name} {_number(row[i])}{unit}" for one, row in zip(series, values, strict=True))
        for i, category in enumerate(categories)
    )
    parts = _open(canvas, title, description) + _axes(canvas, categories, unit)
    group = canvas.band * 0.7
    for index in range(len(categories)):
        left = canvas.centre(index) - group / 2
        stack_top = 0.0
        for number, row in enumerate(values):
            value = row[index]
            if value <= 0:
                continue
            colour = PALETTE[number % len(PALETTE)]
            if stacked:
                y_top, y_bottom, x, bar_width = canvas.y(stack_top + value), canvas.y(stack_top), left, group
                stack_top += value
            else:
                bar_width = group / len(values)
                x = left + number * bar_width
                y_top, y_bottom = canvas.y(value), canvas.baseline
            tip = f"{categories[index]}, {series[number].name}: {_number(value)}{unit}"
            parts.append(
                f'<rect x="{_coord(x)}" y="{_coord(y_top)}" width="{_coord(bar_width)}" '
                f'height="{_coord(y_bottom - y_top)}" fill="{colour}"><title>{escape(tip)}</title></rect>'
            )
    parts += _legend(canvas, series)
    parts.append("</svg>")
    return mark_safe("".join(parts))  # noqa: S308 - every text above is escaped


def line_chart(
    *,
    title: str,
    categories: Sequence[str],
    series: Sequence[Series],
    width: int = 640,
    height: int = 240,
    unit: str = "",
    top_value: float | None = None,
) -> SafeString:
    """A line per series; a missing value (None) breaks the line rather than dropping to zero."""
    _check(categories, series)
    present = [value for one in series for value in one.values if value is not None]
    canvas = _Canvas(width, height, len(categories), top_value or nice_max(max(present, default=0)))
    description = "; ".join(
        f"{category}: "
        + ", ".join(
            f"{one.name} " + ("no data" if one.values[i] is None else f"{_number(one.values[i])}{unit}")
            for one in series
        )
        for i, category in enumerate(categories)
    )
    parts = _open(canvas, title, description) + _axes(canvas, categories, unit)
    for number, one in enumerate(series):
        colour = PALETTE[number % len(PALETTE)]
        runs: list[list[tuple[float, float]]] = [[]]
        for index, value in enumerate(one.values):
            if value is None:
                runs.append([])
                continue
            point = (canvas.centre(index), canvas.y(value))
            runs[-1].append(point)
            tip = f"{categories[index]}, {one.name}: {_number(value)}{unit}"
            parts.append(
                f'<circle cx="{_coord(point[0])}" cy="{_coord(point[1])}" r="3" fill="{colour}">'
                f"<title>{escape(tip)}</title></circle>"
            )
        for run in runs:
            if len(run) > 1:
                points = " ".join(f"{_coord(x)},{_coord(y)}" for x, y in run)
                parts.append(f'<polyline points="{points}" fill="none" stroke="{colour}" stroke-width="2"/>')
    parts += _legend(canvas, series)
    parts.append("</svg>")
    return mark_safe("".join(parts))  # noqa: S308 - every text above is escaped
