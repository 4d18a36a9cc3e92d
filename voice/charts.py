"""The geometry of the health charts: bars and a line, as numbers a template draws as SVG.

Plain Python on purpose (no Django, no database), like goals/timeline.py: pages turn
aggregate rows into `BarInput`s or `PointInput`s and draw what comes back.
"""

from dataclasses import dataclass

LABEL_WIDTH = 240
BAR_ROW_HEIGHT = 26
BAR_HEIGHT = 16
RIGHT_PADDING = 48
TOP = 8
MAX_LABEL_CHARS = 34
LINE_HEIGHT = 180
LINE_PADDING = 36


def _shorten(text: str, limit: int = MAX_LABEL_CHARS) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "…"


@dataclass(frozen=True)
class BarInput:
    label: str
    value: float  # on the chart's scale, 0..maximum


@dataclass(frozen=True)
class Bar:
    label: str
    full_label: str
    value: float
    x: float
    y: float
    width: float
    height: float
    label_y: float
    value_x: float


@dataclass(frozen=True)
class BarChart:
    width: int
    height: int
    axis_x: float
    bars: list[Bar]


def bar_chart(rows: list[BarInput], *, maximum: float, width: int = 640) -> BarChart:
    """Horizontal bars, one row each, scaled so `maximum` fills the plot width."""
    plot = max(width - LABEL_WIDTH - RIGHT_PADDING, 10)
    bars = []
    for index, row in enumerate(rows):
        top = TOP + index * BAR_ROW_HEIGHT
        length = plot * max(0.0, min(row.value, maximum)) / maximum if maximum else 0.0
        bars.append(
            Bar(
                label=_shorten(row.label),
                full_label=row.label,
                value=row.value,
                x=LABEL_WIDTH,
                y=top + (BAR_ROW_HEIGHT - BAR_HEIGHT) / 2,
                width=round(length, 1),
                height=BAR_HEIGHT,
                label_y=top + BAR_ROW_HEIGHT / 2 + 4,
                value_x=round(LABEL_WIDTH + length + 6, 1),
            )
        )
    return BarChart(
        width=width, height=TOP * 2 + len(rows) * BAR_ROW_HEIGHT, axis_x=LABEL_WIDTH, bars=bars
    )


@dataclass(frozen=True)
class PointInput:
    label: str
    value: float


@dataclass(frozen=True)
class Point:
    label: str
    value: float
    x: float
    y: float


@dataclass(frozen=True)
class LineChart:
    width: int
    height: int
    points: list[Point]
    path: str  # the polyline's "x,y x,y" points
    baseline_y: float
    top_y: float


def line_chart(rows: list[PointInput], *, maximum: float, width: int = 640) -> LineChart:
    """Points left to right at equal steps, `maximum` at the top, 0 at the bottom."""
    inner_width = width - 2 * LINE_PADDING
    inner_height = LINE_HEIGHT - 2 * LINE_PADDING
    step = inner_width / (len(rows) - 1) if len(rows) > 1 else 0
    points = []
    for index, row in enumerate(rows):
        x = LINE_PADDING + (step * index if len(rows) > 1 else inner_width / 2)
        y = LINE_PADDING + inner_height * (1 - max(0.0, min(row.value, maximum)) / maximum)
        points.append(Point(label=row.label, value=row.value, x=round(x, 1), y=round(y, 1)))
    return LineChart(
        width=width,
        height=LINE_HEIGHT,
        points=points,
        path=" ".join(f"{point.x},{point.y}" for point in points),
        baseline_y=LINE_HEIGHT - LINE_PADDING,
        top_y=LINE_PADDING,
    )
