"""Server-side SVG charts: one small renderer for every chart of the hall.

A chart is data (`Chart`: a title, a description for screen readers, category labels and one or
more series) and `render_svg` turns it into an inline SVG element: a value axis with ticks on
round amounts (1, 2 or 5 × 10ⁿ), category labels along the bottom (thinned when there are many,
so they stay readable at 375 px), bars or lines, and the part of a series from `future_from` on
drawn dashed (a plan, not yet paid). No JavaScript, no inline styles: colours and fonts come
from classes in hall.css, so the large-text and print modes apply to the charts too. The same
`Chart` gives the table view beside the picture (`Chart.table_rows`).
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from decimal import Decimal

from django.utils.html import escape, format_html
from django.utils.safestring import SafeString, mark_safe

from gjj.core.money import format_amount

# Geometry in SVG user units; the element scales to its box (width 100%).
WIDTH = 480
HEIGHT = 260
LEFT = 56  # room for the value labels
RIGHT = 12
TOP = 16
BOTTOM = 40  # room for the category labels
MAX_LABELS = 8  # at most this many category labels along the bottom

BAR = "bar"
LINE = "line"


@dataclass
class Series:
    name: str  # 图例 and the table's column head
    values: list[Decimal]  # one a category; None for "no value"
    kind: str = BAR
    css: str = "s1"  # chart-series--s1 … in hall.css
    future_from: int | None = None  # values from this index on are planned: drawn dashed


@dataclass
class Chart:
    slug: str  # unique on the page (ids of title and description)
    title: str
    description: str
    categories: list[str]
    series: list[Series]
    unit: str = "元"
    category_head: str = "年度"
    note: str = ""
    extra: dict = field(default_factory=dict)

    @property
    def table_rows(self) -> list[tuple[str, list[str]]]:
        """(category, [formatted value of each series]) for the table view."""
        rows = []
        for i, category in enumerate(self.categories):
            cells = []
            for s in self.series:
                value = s.values[i]
                text = "—" if value is None else format_amount(value)
                if value is not None and s.future_from is not None and i >= s.future_from:
                    text += "（计划）"
                cells.append(text)
            rows.append((category, cells))
        return rows

    @property
    def svg(self) -> SafeString:
        return render_svg(self)


def nice_step(top: Decimal, ticks: int = 5) -> Decimal:
    """The round step (1, 2 or 5 × 10ⁿ) that covers 0..top in at most `ticks` steps."""
    if top <= 0:
        return Decimal(1)
    raw = top / ticks
    exponent = math.floor(math.log10(raw))
    base = Decimal(10) ** exponent
    for mult in (1, 2, 5, 10):
        if base * mult * ticks >= top:
            return base * mult
    return base * 10


def axis_ticks(top: Decimal, ticks: int = 5) -> list[Decimal]:
    """0, step, 2·step, … up to the first tick at or above `top`."""
    step = nice_step(top, ticks)
    count = max(1, math.ceil(top / step)) if top > 0 else 1
    return [step * i for i in range(count + 1)]


def tick_label(value: Decimal) -> str:
    """`0`, `5,000`, `2万`, `12.5万`, `1.2亿`: short Chinese amounts for an axis."""
    if value == 0:
        return "0"
    for unit, size in (("亿", Decimal(100_000_000)), ("万", Decimal(10_000))):
        if abs(value) >= size:
            text = format(value / size, "f")
            text = text.rstrip("0").rstrip(".") if "." in text else text
            return f"{text}{unit}"
    return f"{value:,.0f}"


def _fmt(x: float) -> str:
    return f"{x:.1f}"


def render_svg(chart: Chart) -> SafeString:
    values = [v for s in chart.series for v in s.values if v is not None]
    top_value = max([Decimal(0), *values])
    ticks = axis_ticks(top_value)
    top = ticks[-1] or Decimal(1)
    plot_w = WIDTH - LEFT - RIGHT
    plot_h = HEIGHT - TOP - BOTTOM
    n = max(1, len(chart.categories))
    slot = plot_w / n

    def y(value: Decimal) -> float:
        return TOP + plot_h - float(value / top) * plot_h

    def x_mid(i: int) -> float:
        return LEFT + slot * i + slot / 2

    title_id, desc_id = f"chart-{chart.slug}-title", f"chart-{chart.slug}-desc"
    parts = [
        format_html(
            '<svg class="chart__svg" viewBox="0 0 {} {}" role="img" aria-labelledby="{}"'
            ' aria-describedby="{}"'
            ' xmlns="http://www.w3.org/2000/svg" preserveAspectRatio="xMidYMid meet">',
            WIDTH,
            HEIGHT,
            title_id,
            desc_id,
        ),
        format_html('<title id="{}">{}</title>', title_id, chart.title),
        format_html('<desc id="{}">{}</desc>', desc_id, chart.description),
        '<g class="chart__axis" aria-hidden="true">',
    ]
    for tick in ticks:
        ty = y(tick)
        parts.append(
            f'<line class="chart__grid" x1="{LEFT}" x2="{WIDTH - RIGHT}" '
            f'y1="{_fmt(ty)}" y2="{_fmt(ty)}"/>'
        )
        parts.append(
            f'<text class="chart__tick" x="{LEFT - 6}" y="{_fmt(ty + 4)}" text-anchor="end">'
            f"{escape(tick_label(tick))}</text>"
        )
    every = max(1, math.ceil(n / MAX_LABELS))
    shown = set(range(0, n, every))
    if n - 1 not in shown:  # the last category always, in place of a neighbour too close
        if n - 1 - max(shown) < every:
            shown.discard(max(shown))
        shown.add(n - 1)
    for i, category in enumerate(chart.categories):
        if i not in shown:
            continue
        parts.append(
            f'<text class="chart__label" x="{_fmt(x_mid(i))}" y="{HEIGHT - BOTTOM + 18}" '
            f'text-anchor="middle">{escape(category)}</text>'
        )
    parts.append(
        f'<line class="chart__baseline" x1="{LEFT}" x2="{WIDTH - RIGHT}" '
        f'y1="{_fmt(y(Decimal(0)))}" y2="{_fmt(y(Decimal(0)))}"/>'
    )
    parts.append("</g>")

    bars = [s for s in chart.series if s.kind == BAR]
    bar_w = slot * 0.7 / max(1, len(bars))
    for b, s in enumerate(bars):
        parts.append(f'<g class="chart-series chart-series--{s.css}" aria-hidden="true">')
        for i, value in enumerate(s.values):
            if value is None:
                continue
            x0 = LEFT + slot * i + slot * 0.15 + bar_w * b
            y0 = y(max(value, Decimal(0)))
            h = max(0.0, y(Decimal(0)) - y0)
            planned = s.future_from is not None and i >= s.future_from
            css = "chart__bar chart__bar--plan" if planned else "chart__bar"
            parts.append(
                f'<rect class="{css}" x="{_fmt(x0)}" y="{_fmt(y0)}" '
                f'width="{_fmt(bar_w)}" height="{_fmt(h)}"/>'
            )
        parts.append("</g>")
    for s in chart.series:
        if s.kind != LINE:
            continue
        points = [(x_mid(i), y(v)) for i, v in enumerate(s.values) if v is not None]
        split = len(points) if s.future_from is None else min(s.future_from, len(points))
        parts.append(f'<g class="chart-series chart-series--{s.css}" aria-hidden="true">')
        done, plan = points[: max(split, 1)], points[max(split - 1, 0) :]
        if len(done) > 1 or (done and split == len(points)):
            parts.append(
                '<polyline class="chart__line" points="'
                + " ".join(f"{_fmt(px)},{_fmt(py)}" for px, py in done)
                + '"/>'
            )
        if split < len(points) and len(plan) > 1:
            parts.append(
                '<polyline class="chart__line chart__line--plan" points="'
                + " ".join(f"{_fmt(px)},{_fmt(py)}" for px, py in plan)
                + '"/>'
            )
        for i, (px, py) in enumerate(points):
            css = "chart__dot chart__dot--plan" if i >= split else "chart__dot"
            parts.append(f'<circle class="{css}" cx="{_fmt(px)}" cy="{_fmt(py)}" r="3"/>')
        parts.append("</g>")
    parts.append("</svg>")
    return mark_safe("".join(str(p) for p in parts))  # noqa: S308 - every text is escaped above
