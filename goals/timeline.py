"""The geometry of the timeline picture: where each bar, marker, tick and arrow goes.

Plain Python on purpose (no Django, no database): pages turn schedule rows into
`TimelineRow`s, call `build_timeline`, and a template draws the returned numbers as SVG.
The same function draws a goal's plan and a playbook's preview.

Horizontal scale: one column per calendar day from the earliest date shown to the latest;
a bar covers its days from the left edge of its first day to the right edge of its last.
Point markers (today, the target, checkpoints) sit in the middle of their day.
"""

from dataclasses import dataclass, replace
from datetime import date, timedelta

DEFAULT_WIDTH = 960
LABEL_WIDTH = 220  # left gutter holding the milestone titles
RIGHT_PADDING = 24
HEADER_HEIGHT = 40  # month labels, and day numbers when days are wide enough
FOOTER_HEIGHT = 44  # the "today" and "target" labels, one line each
MARKER_LABEL_ROOM = 150.0  # room a marker label needs to run right of its line
ROW_HEIGHT = 30
BAR_HEIGHT = 14
EARLIEST_HEIGHT = 5
EARLIEST_GAP = 2
MIN_BAR_WIDTH = 3.0
CHECKPOINT_HALF_SIZE = 7.0
CONNECTOR_STUB = 6.0
MAX_LABEL_CHARS = 30
MIN_MONTH_LABEL_SPACING = 64.0
MIN_DAY_LABEL_WIDTH = 18.0
DAYS_PER_MONTH = 30.44


@dataclass(frozen=True)
class TimelineRow:
    """One milestone as the picture needs it (dates already worked out by the scheduler)."""

    id: int
    title: str
    status: str
    latest_start: date
    latest_finish: date
    earliest_start: date | None
    earliest_finish: date | None
    is_critical: bool
    is_late: bool
    is_checkpoint: bool
    slack_days: int | None = None  # shown in the table when known

    @property
    def is_closed(self) -> bool:
        return self.status in ("done", "skipped")


@dataclass(frozen=True)
class EarliestMarker:
    """The earliest start..finish of an open milestone: a thin bar under its latest bar."""

    x: float
    y: float
    width: float
    height: float


@dataclass(frozen=True)
class TimelineBar:
    row: TimelineRow
    index: int
    x: float
    y: float
    width: float
    height: float
    center_y: float
    row_top: float
    label: str  # the title, shortened to fit the gutter
    label_y: float
    earliest: EarliestMarker | None
    # A checkpoint is drawn as a diamond: its polygon points, else "".
    diamond_points: str
    # Titles of the milestones that must finish first, for the table.
    prerequisites: tuple[str, ...] = ()

    @property
    def left(self) -> float:
        return self.x

    @property
    def right(self) -> float:
        return self.x + self.width

    @property
    def css_class(self) -> str:
        classes = ["timeline-bar"]
        if self.row.is_checkpoint:
            classes.append("is-checkpoint")
        if self.row.is_closed:
            classes.append(f"is-{self.row.status}")
        if self.row.is_late:
            classes.append("is-late")
        elif self.row.is_critical:
            classes.append("is-critical")
        return " ".join(classes)


@dataclass(frozen=True)
class TimelineTick:
    """A vertical grid line at the start of a month (or of a day, when days are wide)."""

    x: float
    day: date
    kind: str  # "month" or "day"
    labelled: bool
    label_x: float  # month labels start just right of the line; day numbers are centred

    @property
    def label(self) -> str:
        return f"{self.day:%Y-%m}" if self.kind == "month" else str(self.day.day)


@dataclass(frozen=True)
class TimelineConnector:
    """An arrow from a prerequisite's bar end to its successor's bar start."""

    predecessor_id: int
    successor_id: int
    path: str  # SVG path data
    is_critical: bool

    @property
    def css_class(self) -> str:
        return "timeline-link is-critical" if self.is_critical else "timeline-link"


@dataclass(frozen=True)
class Timeline:
    width: int
    height: int
    rows: list[TimelineRow]
    bars: list[TimelineBar]
    connectors: list[TimelineConnector]
    ticks: list[TimelineTick]
    first_day: date
    last_day: date
    day_width: float
    chart_left: float
    chart_right: float
    chart_top: float
    chart_bottom: float
    today: date
    today_x: float
    target_date: date
    target_x: float
    # Each marker's label has a line of its own under the rows; it runs right of its
    # marker unless that would leave the picture.
    today_label_x: float
    today_label_y: float
    today_label_anchor: str
    target_label_x: float
    target_label_y: float
    target_label_anchor: str

    @property
    def milestone_count(self) -> int:
        return len(self.rows)

    @property
    def critical_count(self) -> int:
        return sum(1 for row in self.rows if row.is_critical)

    @property
    def late_count(self) -> int:
        return sum(1 for row in self.rows if row.is_late)

    @property
    def day_names(self) -> bool:
        """Whether days are wide enough to label with their weekday too."""
        return self.day_width >= 2 * MIN_DAY_LABEL_WIDTH + 4

    @property
    def month_ticks(self) -> list[TimelineTick]:
        return [tick for tick in self.ticks if tick.kind == "month"]

    @property
    def day_ticks(self) -> list[TimelineTick]:
        return [tick for tick in self.ticks if tick.kind == "day"]

    @property
    def row_lines(self) -> list[float]:
        """y of the line under each row."""
        return [self.chart_top + (index + 1) * ROW_HEIGHT for index in range(len(self.rows))]


def _round(value: float) -> float:
    return round(value, 2)


def _shorten(title: str) -> str:
    title = " ".join(title.split())
    if len(title) <= MAX_LABEL_CHARS:
        return title
    return title[: MAX_LABEL_CHARS - 1].rstrip() + "…"


def _dates_shown(rows: list[TimelineRow], target_date: date, today: date) -> list[date]:
    days = [target_date, today]
    for row in rows:
        days.extend((row.latest_start, row.latest_finish))
        if row.earliest_start is not None:
            days.append(row.earliest_start)
        if row.earliest_finish is not None:
            days.append(row.earliest_finish)
    return days


def _month_starts(first_day: date, last_day: date):
    year, month = first_day.year, first_day.month
    while True:
        day = date(year, month, 1)
        if day > last_day:
            return
        if day >= first_day:
            yield day
        year, month = (year + 1, 1) if month == 12 else (year, month + 1)


def _ticks(first_day: date, last_day: date, x_of, day_width: float) -> list[TimelineTick]:
    ticks = []
    # Label every n-th month so labels never crowd, picking months by their number so the
    # labelled months stay the same when the range shifts a little.
    step = max(1, -(-int(MIN_MONTH_LABEL_SPACING) // max(1, int(day_width * DAYS_PER_MONTH))))
    for day in _month_starts(first_day, last_day):
        labelled = (day.year * 12 + day.month - 1) % step == 0
        ticks.append(
            TimelineTick(
                x=_round(x_of(day)),
                day=day,
                kind="month",
                labelled=labelled,
                label_x=_round(x_of(day) + 3),
            )
        )
    if not any(tick.labelled for tick in ticks):
        # A range inside one month (or between two labelled months): name where it starts.
        ticks.insert(
            0,
            TimelineTick(
                x=_round(x_of(first_day)),
                day=first_day,
                kind="month",
                labelled=True,
                label_x=_round(x_of(first_day) + 3),
            ),
        )
    if day_width >= MIN_DAY_LABEL_WIDTH:
        day = first_day
        while day <= last_day:
            ticks.append(
                TimelineTick(
                    x=_round(x_of(day)),
                    day=day,
                    kind="day",
                    labelled=True,
                    label_x=_round(x_of(day) + day_width / 2),
                )
            )
            day += timedelta(days=1)
    return ticks


def _connector_path(start: TimelineBar, end: TimelineBar) -> str:
    x1, y1 = start.right, start.center_y
    x2, y2 = end.left, end.center_y
    if x2 - x1 >= 2 * CONNECTOR_STUB:
        bend = x1 + CONNECTOR_STUB
        return f"M{_round(x1)} {_round(y1)} H{_round(bend)} V{_round(y2)} H{_round(x2)}"
    # The successor starts left of where the arrow could turn down: run along the gap
    # between rows and come into its start from the left.
    gap_y = end.row_top if y2 > y1 else end.row_top + ROW_HEIGHT
    out_x = x1 + CONNECTOR_STUB
    in_x = x2 - CONNECTOR_STUB
    return (
        f"M{_round(x1)} {_round(y1)} H{_round(out_x)} V{_round(gap_y)} "
        f"H{_round(in_x)} V{_round(y2)} H{_round(x2)}"
    )


def build_timeline(
    *,
    rows: list[TimelineRow],
    dependencies: list[tuple[int, int]],
    target_date: date,
    today: date,
    width: int = DEFAULT_WIDTH,
) -> Timeline:
    """Lay out one bar per row (in the order given), from latest start to latest finish.

    `dependencies` are (predecessor id, successor id) pairs; pairs naming a row not given
    are left out. `width` is the picture's width in SVG units; its height grows with rows.
    """
    rows = list(rows)
    shown = _dates_shown(rows, target_date, today)
    first_day, last_day = min(shown), max(shown)
    day_count = (last_day - first_day).days + 1
    chart_left = float(LABEL_WIDTH)
    chart_right = float(max(width - RIGHT_PADDING, LABEL_WIDTH + 1))
    day_width = (chart_right - chart_left) / day_count
    chart_top = float(HEADER_HEIGHT)
    chart_bottom = chart_top + ROW_HEIGHT * len(rows)
    height = int(chart_bottom + FOOTER_HEIGHT)

    def x_of(day: date) -> float:
        return chart_left + (day - first_day).days * day_width

    def middle_of(day: date) -> float:
        return x_of(day) + day_width / 2

    bars = []
    for index, row in enumerate(rows):
        row_top = chart_top + index * ROW_HEIGHT
        y = row_top + (ROW_HEIGHT - BAR_HEIGHT - EARLIEST_GAP - EARLIEST_HEIGHT) / 2
        center_y = y + BAR_HEIGHT / 2
        if row.is_checkpoint:
            middle = middle_of(row.latest_finish)
            x, bar_width = middle - CHECKPOINT_HALF_SIZE, 2 * CHECKPOINT_HALF_SIZE
            half = CHECKPOINT_HALF_SIZE
            diamond = " ".join(
                f"{_round(px)},{_round(py)}"
                for px, py in (
                    (middle, center_y - half),
                    (middle + half, center_y),
                    (middle, center_y + half),
                    (middle - half, center_y),
                )
            )
        else:
            x = x_of(row.latest_start)
            days = (row.latest_finish - row.latest_start).days + 1
            bar_width = max(days * day_width, MIN_BAR_WIDTH)
            diamond = ""
        earliest = None
        if row.earliest_start is not None and row.earliest_finish is not None:
            earliest_days = (row.earliest_finish - row.earliest_start).days + 1
            earliest = EarliestMarker(
                x=_round(x_of(row.earliest_start)),
                y=_round(y + BAR_HEIGHT + EARLIEST_GAP),
                width=_round(max(earliest_days * day_width, MIN_BAR_WIDTH)),
                height=EARLIEST_HEIGHT,
            )
        bars.append(
            TimelineBar(
                row=row,
                index=index,
                x=_round(x),
                y=_round(y),
                width=_round(bar_width),
                height=BAR_HEIGHT,
                center_y=_round(center_y),
                row_top=_round(row_top),
                label=_shorten(row.title),
                label_y=_round(center_y + 4),
                earliest=earliest,
                diamond_points=diamond,
            )
        )

    bar_by_id = {bar.row.id: bar for bar in bars}
    prerequisites: dict[int, list[str]] = {}
    connectors = []
    for predecessor_id, successor_id in dependencies:
        start, end = bar_by_id.get(predecessor_id), bar_by_id.get(successor_id)
        if start is None or end is None:
            continue
        prerequisites.setdefault(successor_id, []).append(start.row.title)
        connectors.append(
            TimelineConnector(
                predecessor_id=predecessor_id,
                successor_id=successor_id,
                path=_connector_path(start, end),
                is_critical=start.row.is_critical and end.row.is_critical,
            )
        )

    bars = [
        replace(bar, prerequisites=tuple(prerequisites[bar.row.id]))
        if bar.row.id in prerequisites
        else bar
        for bar in bars
    ]
    today_x = middle_of(today)
    target_x = middle_of(target_date)

    def label_place(marker_x: float) -> tuple[float, str]:
        if marker_x + MARKER_LABEL_ROOM <= width:
            return _round(marker_x + 4), "start"
        return _round(marker_x - 4), "end"

    today_label_x, today_label_anchor = label_place(today_x)
    target_label_x, target_label_anchor = label_place(target_x)

    return Timeline(
        width=width,
        height=height,
        rows=rows,
        bars=bars,
        connectors=connectors,
        ticks=_ticks(first_day, last_day, x_of, day_width),
        first_day=first_day,
        last_day=last_day,
        day_width=_round(day_width),
        chart_left=chart_left,
        chart_right=chart_right,
        chart_top=chart_top,
        chart_bottom=chart_bottom,
        today=today,
        today_x=_round(today_x),
        target_date=target_date,
        target_x=_round(target_x),
        today_label_x=today_label_x,
        today_label_y=chart_bottom + 16,
        today_label_anchor=today_label_anchor,
        target_label_x=target_label_x,
        target_label_y=chart_bottom + 34,
        target_label_anchor=target_label_anchor,
    )
