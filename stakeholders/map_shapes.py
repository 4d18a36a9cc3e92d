"""What the ecosystem map is made of: the stakeholders and milestones it is given, and the
placed nodes, labels, lines and sectors it returns (plain dataclasses, no Django).
ecosystem_map.py does the placing; a template draws these numbers as SVG."""

from dataclasses import dataclass

ACTIVE = "active"
INVITED = "invited"
LAPSED = "lapsed"
STATES = (ACTIVE, INVITED, LAPSED)


@dataclass(frozen=True)
class MapMilestone:
    id: int
    title: str
    href: str = ""


@dataclass(frozen=True)
class MapStakeholder:
    """A stakeholder as the picture needs it. `milestone_ids` empty: the whole goal."""

    id: int
    name: str
    role: str
    role_label: str
    state: str = ACTIVE  # active, invited or lapsed: the last two are drawn dashed
    milestone_ids: tuple[int, ...] = ()
    href: str = ""
    is_organization: bool = False

    @property
    def whole_goal(self) -> bool:
        return not self.milestone_ids


@dataclass(frozen=True)
class Label:
    """Two lines of text (a name and a note under it), rotated by `rotate` degrees
    around the pivot, anchored by `anchor`."""

    text: str
    x: float
    y: float
    note_y: float
    anchor: str  # "start", "middle" or "end"
    rotate: float = 0.0
    pivot_x: float = 0.0
    pivot_y: float = 0.0

    @property
    def transform(self) -> str:
        if not self.rotate:
            return ""
        return f"rotate({self.rotate} {self.pivot_x} {self.pivot_y})"


@dataclass(frozen=True)
class StakeholderNode:
    stakeholder: MapStakeholder
    x: float
    y: float
    r: float
    angle: float  # radians, clockwise from the x axis
    label: Label

    @property
    def box_x(self) -> float:
        """An organisation is drawn as a square of the same size as a person's circle."""
        return round(self.x - self.r, 1)

    @property
    def box_y(self) -> float:
        return round(self.y - self.r, 1)

    @property
    def box_size(self) -> float:
        return round(2 * self.r, 1)

    @property
    def css_class(self) -> str:
        classes = ["eco-node", f"eco-role-{self.stakeholder.role}", f"is-{self.stakeholder.state}"]
        if self.stakeholder.is_organization:
            classes.append("is-organization")
        return " ".join(classes)


@dataclass(frozen=True)
class MilestoneNode:
    milestone: MapMilestone
    x: float
    y: float
    r: float
    angle: float
    label: str
    label_x: float
    label_y: float


@dataclass(frozen=True)
class MapLink:
    """A line from a stakeholder to a milestone (or to the centre for the whole goal)."""

    stakeholder_id: int
    milestone_id: int | None
    x1: float
    y1: float
    x2: float
    y2: float
    state: str

    @property
    def css_class(self) -> str:
        kind = "eco-link-goal" if self.milestone_id is None else "eco-link-milestone"
        return f"eco-link {kind} is-{self.state}"


@dataclass(frozen=True)
class RoleSector:
    """The wedge behind one role's group of stakeholders, with its label."""

    role: str
    label: str
    count: int
    path: str  # SVG path of the annular wedge
    label_x: float
    label_y: float

    @property
    def css_class(self) -> str:
        return f"eco-sector eco-role-{self.role}"


@dataclass(frozen=True)
class EcosystemMap:
    width: float
    height: float
    cx: float
    cy: float
    centre_r: float
    goal_label: str
    owner_label: str
    sectors: list[RoleSector]
    stakeholders: list[StakeholderNode]
    milestones: list[MilestoneNode]
    links: list[MapLink]

    @property
    def goal_label_y(self) -> float:
        return round(self.cy - 4, 1)

    @property
    def owner_label_y(self) -> float:
        return round(self.cy + 16, 1)

    @property
    def counts(self) -> dict[str, int]:
        counts = dict.fromkeys(STATES, 0)
        for node in self.stakeholders:
            counts[node.stakeholder.state] = counts.get(node.stakeholder.state, 0) + 1
        return counts
