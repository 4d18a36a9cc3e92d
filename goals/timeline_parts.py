"""What the timeline picture is made of: its dimensions, the rows it is given, and the
bars, ticks, connectors and `Timeline` that goals/timeline.py lays out from them.

Plain Python on purpose (no Django, no database), like goals/timeline.py.
"""

from dataclasses import dataclass
from datetime import date

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
