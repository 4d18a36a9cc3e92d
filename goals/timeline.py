"""The geometry of the timeline picture: where each bar, marker, tick and arrow goes.

Plain Python on purpose (no Django, no database): pages turn schedule rows into
`TimelineRow`s, call `build_timeline`, and a template draws the returned numbers as SVG.
The same function draws a goal's plan and a playbook's preview.

Horizontal scale: one column per calendar day from the earliest date shown to the latest;
a bar covers its days from the left edge of its first day to the right edge of its last.
Point markers (today, the target, checkpoints) sit in the middle of their day.
"""

from dataclasses import replace
from datetime import date, timedelta

from .timeline_parts import (
    BAR_HEIGHT,
    CHECKPOINT_HALF_SIZE,
    CONNECTOR_STUB,
    DAYS_PER_MONTH,
    DEFAULT_WIDTH,
    EARLIEST_GAP,
    EARLIEST_HEIGHT,
    FOOTER_HEIGHT,
    HEADER_HEIGHT,
    LABEL_WIDTH,
    MARKER_LABEL_ROOM,
    MAX_LABEL_CHARS,
    MIN_BAR_WIDTH,
    MIN_DAY_LABEL_WIDTH,
    MIN_MONTH_LABEL_SPACING,
    RIGHT_PADDING,
    ROW_HEIGHT,
    EarliestMarker,
    Timeline,
    TimelineBar,
    TimelineConnector,
    TimelineRow,
    TimelineTick,
)


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
