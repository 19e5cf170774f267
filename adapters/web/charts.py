"""Charts drawn on the server as SVG: nothing to download, nothing to run in the browser.

Bars (stacked by series) for counts over periods, lines for rates and averages. Colours come
from the stylesheet (``.s0`` ... ``.s5``), every mark carries a ``<title>`` (its value on hover),
and the page's table next to each chart holds the same figures for screen readers and CSV.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from html import escape

from markupsafe import Markup

WIDTH, HEIGHT = 720, 260
LEFT, RIGHT, TOP, BOTTOM = 48, 12, 12, 42


@dataclass(frozen=True)
class Series:
    name: str
    values: Sequence[float | None]


def _nice_max(value: float) -> float:
    if value <= 0:
        return 1.0
    step = 10 ** (len(str(int(value))) - 1)
    for factor in (1, 2, 2.5, 5, 10):
        if value <= factor * step:
            return float(factor * step)
    return float(10 * step)


def _axis(top: float, percent: bool) -> list[str]:
    parts = []
    inner = HEIGHT - TOP - BOTTOM
    for i in range(5):
        value = top * i / 4
        y = TOP + inner - inner * i / 4
        label = f"{value * 100:.0f}%" if percent else (f"{value:g}" if value != int(value) else str(int(value)))
        parts.append(f'<line class="grid" x1="{LEFT}" x2="{WIDTH - RIGHT}" y1="{y:.1f}" y2="{y:.1f}"/>'
                     f'<text class="tick" x="{LEFT - 6}" y="{y + 4:.1f}" text-anchor="end">{label}</text>')
    return parts


def _x_labels(labels: Sequence[str], slot: float) -> list[str]:
    every = max(1, len(labels) // 12)  # at most a dozen labels: the table has them all
    return [f'<text class="tick" x="{LEFT + slot * (i + 0.5):.1f}" y="{HEIGHT - BOTTOM + 16}" '
            f'text-anchor="middle">{escape(label)}</text>'
            for i, label in enumerate(labels) if i % every == 0]


def _legend(series: Sequence[Series]) -> list[str]:
    parts, x = [], float(LEFT)
    for k, s in enumerate(series):
        parts.append(f'<rect class="s{k % 6}" x="{x:.0f}" y="{HEIGHT - 14}" width="10" height="10"/>'
                     f'<text class="legend" x="{x + 14:.0f}" y="{HEIGHT - 5}">{escape(s.name)}</text>')
        x += 24 + 7 * len(s.name)
    return parts


def _svg(title: str, parts: list[str]) -> Markup:
    body = "".join(parts)
    return Markup(f'<svg class="chart" viewBox="0 0 {WIDTH} {HEIGHT}" role="img" aria-label="{escape(title)}" '
                  f'xmlns="http://www.w3.org/2000/svg"><title>{escape(title)}</title>{body}</svg>')


def bar_chart(title: str, labels: Sequence[str], series: Sequence[Series]) -> Markup:
    """Bars stacked by series, one per label."""
    totals = [sum(float(s.values[i] or 0) for s in series) for i in range(len(labels))]
    top = _nice_max(max(totals, default=0))
    inner = HEIGHT - TOP - BOTTOM
    slot = (WIDTH - LEFT - RIGHT) / max(len(labels), 1)
    parts = _axis(top, percent=False)
    for i, label in enumerate(labels):
        base = 0.0
        for k, s in enumerate(series):
            value = float(s.values[i] or 0)
            if value <= 0:
                continue
            height = inner * value / top
            y = TOP + inner - inner * (base + value) / top
            parts.append(f'<rect class="s{k % 6}" x="{LEFT + slot * i + slot * 0.15:.1f}" y="{y:.1f}" '
                         f'width="{slot * 0.7:.1f}" height="{height:.1f}"><title>{escape(label)} · '
                         f'{escape(s.name)}: {value:g}</title></rect>')
            base += value
    return _svg(title, parts + _x_labels(labels, slot) + _legend(series))


def line_chart(title: str, labels: Sequence[str], series: Sequence[Series], *, percent: bool = False,
               top: float | None = None) -> Markup:
    """One line per series; a missing value (no data that period) breaks the line."""
    values = [float(v) for s in series for v in s.values if v is not None]
    top = top or (1.0 if percent else _nice_max(max(values, default=0)))
    inner = HEIGHT - TOP - BOTTOM
    slot = (WIDTH - LEFT - RIGHT) / max(len(labels), 1)
    parts = _axis(top, percent)
    for k, s in enumerate(series):
        segment: list[str] = []
        for i, value in enumerate([*s.values, None]):
            if value is None:
                if len(segment) > 1:
                    parts.append(f'<polyline class="line l{k % 6}" fill="none" points="{" ".join(segment)}"/>')
                segment = []
                continue
            x, y = LEFT + slot * (i + 0.5), TOP + inner - inner * min(float(value), top) / top
            segment.append(f"{x:.1f},{y:.1f}")
            shown = f"{float(value) * 100:.0f}%" if percent else f"{float(value):g}"
            parts.append(f'<circle class="dot s{k % 6}" cx="{x:.1f}" cy="{y:.1f}" r="3.5"><title>'
                         f'{escape(labels[i])} · {escape(s.name)}: {shown}</title></circle>')
    return _svg(title, parts + _x_labels(labels, slot) + _legend(series))
