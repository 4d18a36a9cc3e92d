"""The geometry of a goal's ecosystem map: where the centre, each stakeholder, each
milestone and each line go.

Plain Python on purpose (no Django, no database): the page turns stakeholder rows into
`MapStakeholder`s, calls `build_map`, and a template draws the returned numbers as SVG.
The shapes in and out are the dataclasses of map_shapes.py.

The picture has two rings around one centre (the customer and their goal):
- the inner ring holds the milestones some stakeholder is scoped to, each placed near
  the stakeholders who help with it, its title under its dot;
- the outer ring holds the stakeholders, grouped by role into sectors (a wedge behind
  each group, labelled with the role), in the order of `role_order`;
- a line joins each stakeholder to the milestones they help with, or to the centre when
  they share the whole goal.
Both rings grow with the number of their nodes, so nodes never overlap. With few
stakeholders their names run horizontally away from the centre; with many, names run
along the radius (rotated), so neighbouring labels cannot collide. Labels are shortened
to fit; the full text stays in tooltips and in the list beside the picture.
"""

import math

from .map_shapes import (
    ACTIVE,
    INVITED,
    LAPSED,
    STATES,
    EcosystemMap,
    Label,
    MapLink,
    MapMilestone,
    MapStakeholder,
    MilestoneNode,
    RoleSector,
    StakeholderNode,
)

__all__ = [
    "ACTIVE",
    "INVITED",
    "LAPSED",
    "STATES",
    "EcosystemMap",
    "Label",
    "MapLink",
    "MapMilestone",
    "MapStakeholder",
    "MilestoneNode",
    "RoleSector",
    "StakeholderNode",
    "build_map",
    "shorten",
    "spread",
]

STAKEHOLDER_SPACING = 64.0  # arc length between neighbouring stakeholders
MILESTONE_SPACING = 92.0  # room for a milestone's title centred under its dot
MIN_MILESTONE_RADIUS = 135.0
MIN_STAKEHOLDER_RADIUS = 250.0
MILESTONE_RING_SHARE = 0.45  # with many stakeholders, the inner ring grows with the outer
RING_GAP = 125.0  # at least between the milestone ring and the stakeholder ring
CENTRE_RADIUS = 72.0
STAKEHOLDER_RADIUS = 15.0
MILESTONE_RADIUS = 7.0
LABEL_ROOM = 205.0  # outside the stakeholder ring, for names running away from it
VERTICAL_ROOM = 70.0  # above and below the ring when names run horizontally
LABEL_OFFSET = 8.0
RADIAL_LABELS_FROM = 11  # stakeholders from which names run along the radius
MAX_NAME_CHARS = 21
MAX_MILESTONE_CHARS = 15
MAX_CENTRE_CHARS = 17
GROUP_GAP_SLOTS = 0.6  # empty room between two role groups, in stakeholder slots
START_ANGLE = -math.pi / 2  # the first group starts at the top, going clockwise


def shorten(text: str, limit: int) -> str:
    """The text on one line, cut at `limit` characters with an ellipsis when longer."""
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


def _point(cx: float, cy: float, radius: float, angle: float) -> tuple[float, float]:
    return round(cx + radius * math.cos(angle), 1), round(cy + radius * math.sin(angle), 1)


def _horizontal_label(text, cx, cy, radius, angle) -> Label:
    """A name running horizontally away from the centre: right of it the text starts at
    the node, left of it the text ends there; straight above or below it is centred,
    above the top node or under the bottom one."""
    x, y = _point(cx, cy, radius + STAKEHOLDER_RADIUS + LABEL_OFFSET, angle)
    cos, sin = math.cos(angle), math.sin(angle)
    if abs(cos) < 0.2:
        if sin < 0:
            return Label(text, x, round(y - 16, 1), round(y - 3, 1), "middle")
        return Label(text, x, round(y + 8, 1), round(y + 21, 1), "middle")
    anchor = "start" if cos > 0 else "end"
    return Label(text, x, round(y + 1, 1), round(y + 14, 1), anchor)


def _radial_label(text, cx, cy, radius, angle) -> Label:
    """A name running along the radius, away from the node; on the left half it is
    turned half a circle more, so it never reads upside down."""
    x, y = _point(cx, cy, radius + STAKEHOLDER_RADIUS + LABEL_OFFSET, angle)
    degrees = math.degrees(angle)
    if math.cos(angle) >= -1e-9:
        anchor, rotate = "start", degrees
    else:
        anchor, rotate = "end", degrees + 180
    rotate = (rotate + 180) % 360 - 180  # the same turn, within half a turn either way
    return Label(
        text,
        x,
        round(y - 1, 1),
        round(y + 11, 1),
        anchor,
        rotate=round(rotate, 1),
        pivot_x=x,
        pivot_y=y,
    )


def _wedge(cx: float, cy: float, inner: float, outer: float, start: float, end: float) -> str:
    """An annular wedge from `start` to `end` (radians, clockwise)."""
    sweep = end - start
    if sweep >= 2 * math.pi - 1e-9:
        # A full ring: two half circles each way, so the arc commands stay defined.
        ox1, oy1 = _point(cx, cy, outer, start)
        ox2, oy2 = _point(cx, cy, outer, start + math.pi)
        ix1, iy1 = _point(cx, cy, inner, start)
        ix2, iy2 = _point(cx, cy, inner, start + math.pi)
        return (
            f"M{ox1} {oy1} A{outer} {outer} 0 1 1 {ox2} {oy2} A{outer} {outer} 0 1 1 {ox1} {oy1} "
            f"M{ix1} {iy1} A{inner} {inner} 0 1 0 {ix2} {iy2} A{inner} {inner} 0 1 0 {ix1} {iy1} Z"
        )
    large = 1 if sweep > math.pi else 0
    ox1, oy1 = _point(cx, cy, outer, start)
    ox2, oy2 = _point(cx, cy, outer, end)
    ix1, iy1 = _point(cx, cy, inner, end)
    ix2, iy2 = _point(cx, cy, inner, start)
    return (
        f"M{ox1} {oy1} A{outer} {outer} 0 {large} 1 {ox2} {oy2} "
        f"L{ix1} {iy1} A{inner} {inner} 0 {large} 0 {ix2} {iy2} Z"
    )


def _circular_mean(angles: list[float]) -> float:
    x = sum(math.cos(angle) for angle in angles)
    y = sum(math.sin(angle) for angle in angles)
    if abs(x) < 1e-9 and abs(y) < 1e-9:
        return angles[0]
    return math.atan2(y, x)


def _normalised(angle: float) -> float:
    """The angle in [START_ANGLE, START_ANGLE + 2π)."""
    return START_ANGLE + (angle - START_ANGLE) % (2 * math.pi)


def spread(wanted: list[float], min_gap: float) -> list[float]:
    """Angles (in the order given) as close to `wanted` as possible while at least
    `min_gap` apart around the whole circle; evenly spaced when they cannot all fit.

    The circle is cut in the middle of its widest empty stretch and the angles are laid
    on the window of length 2π - min_gap that follows: a forward pass pushes each one
    clear of the one before, a backward pass pulls back any that ran past the window's
    end. Inside the window the wrap-around gap is never too small."""
    count = len(wanted)
    if count <= 1:
        return list(wanted)
    turn = 2 * math.pi
    if count * min_gap >= turn:
        order = sorted(range(count), key=lambda index: wanted[index])
        evenly = [0.0] * count
        for rank, index in enumerate(order):
            evenly[index] = wanted[order[0]] + rank * turn / count
        return evenly
    order = sorted(range(count), key=lambda index: wanted[index] % turn)
    angles = [wanted[index] % turn for index in order]
    gaps = [(angles[(rank + 1) % count] - angles[rank]) % turn for rank in range(count)]
    widest = max(range(count), key=gaps.__getitem__)
    first = (widest + 1) % count
    ranks = [(first + step) % count for step in range(count)]
    run = [angles[rank] + (turn if rank < first else 0.0) for rank in ranks]
    window_start = run[0] - max(0.0, (gaps[widest] - min_gap) / 2)
    window_end = window_start + turn - min_gap
    placed = []
    for angle in run:
        floor = placed[-1] + min_gap if placed else window_start
        placed.append(max(angle, floor))
    placed[-1] = min(placed[-1], window_end)
    for step in range(count - 2, -1, -1):
        placed[step] = min(placed[step], placed[step + 1] - min_gap)
    result = [0.0] * count
    for step, rank in enumerate(ranks):
        result[order[rank]] = placed[step]
    return result


def _group_by_role(stakeholders, role_order) -> list[tuple[str, list[MapStakeholder]]]:
    order = {role: index for index, role in enumerate(role_order)}
    first_seen: dict[str, int] = {}
    for stakeholder in stakeholders:
        first_seen.setdefault(stakeholder.role, len(first_seen))
    roles = sorted(first_seen, key=lambda role: (order.get(role, len(order)), first_seen[role]))
    return [(role, [s for s in stakeholders if s.role == role]) for role in roles]


def build_map(
    *,
    goal_title: str,
    owner_name: str,
    stakeholders: list[MapStakeholder],
    milestones: list[MapMilestone],
    role_order: list[str] | tuple[str, ...] = (),
) -> EcosystemMap:
    """Place everything. Stakeholders keep their order inside a role; roles follow
    `role_order` (unknown roles last, in order of appearance). Milestones no stakeholder
    is scoped to are left out; scope ids naming no given milestone are ignored."""
    groups = _group_by_role(stakeholders, role_order)
    by_id = {milestone.id: milestone for milestone in milestones}
    used_ids: list[int] = []
    for stakeholder in stakeholders:
        for milestone_id in stakeholder.milestone_ids:
            if milestone_id in by_id and milestone_id not in used_ids:
                used_ids.append(milestone_id)

    count = len(stakeholders)
    gaps = GROUP_GAP_SLOTS * len(groups) if len(groups) > 1 else 0.0
    slots = count + gaps
    crowd_radius = slots * STAKEHOLDER_SPACING / (2 * math.pi)
    milestone_radius = max(
        MIN_MILESTONE_RADIUS,
        len(used_ids) * MILESTONE_SPACING / (2 * math.pi),
        crowd_radius * MILESTONE_RING_SHARE,
    )
    stakeholder_radius = max(MIN_STAKEHOLDER_RADIUS, milestone_radius + RING_GAP, crowd_radius)
    radial = count >= RADIAL_LABELS_FROM
    width = round(2 * (stakeholder_radius + LABEL_ROOM), 1)
    height = round(
        2 * (stakeholder_radius + (LABEL_ROOM if radial else STAKEHOLDER_RADIUS + VERTICAL_ROOM)),
        1,
    )
    cx, cy = round(width / 2, 1), round(height / 2, 1)

    # Outer ring: each group takes its share of the circle, with half a gap either side
    # when there are several groups; with one group the first node sits at the top.
    step = 2 * math.pi / slots if slots else 0.0
    half_gap = GROUP_GAP_SLOTS / 2 if len(groups) > 1 else 0.0
    offset = -0.5 * step if len(groups) == 1 else 0.0
    sector_inner = milestone_radius + 30
    sector_outer = stakeholder_radius + STAKEHOLDER_RADIUS + 6
    nodes: list[StakeholderNode] = []
    sectors: list[RoleSector] = []
    angle_of: dict[int, float] = {}
    position = 0.0
    for role, group in groups:
        start = START_ANGLE + position * step + offset
        position += half_gap
        for stakeholder in group:
            angle = START_ANGLE + (position + 0.5) * step + offset
            position += 1
            angle_of[stakeholder.id] = angle
            x, y = _point(cx, cy, stakeholder_radius, angle)
            make_label = _radial_label if radial else _horizontal_label
            label = make_label(
                shorten(stakeholder.name, MAX_NAME_CHARS), cx, cy, stakeholder_radius, angle
            )
            nodes.append(StakeholderNode(stakeholder, x, y, STAKEHOLDER_RADIUS, angle, label))
        position += half_gap
        end = START_ANGLE + position * step + offset
        # Half way between the rings: clear of the milestones' dots and titles.
        label_radius = (milestone_radius + stakeholder_radius) / 2 + 8
        label_x, label_y = _point(cx, cy, label_radius, (start + end) / 2)
        sectors.append(
            RoleSector(
                role=role,
                label=group[0].role_label,
                count=len(group),
                path=_wedge(cx, cy, sector_inner, sector_outer, start, end),
                label_x=label_x,
                label_y=round(label_y + 4, 1),
            )
        )

    # Inner ring: each milestone near the stakeholders who help with it.
    wanted = sorted(
        (
            _normalised(
                _circular_mean(
                    [angle_of[s.id] for s in stakeholders if milestone_id in s.milestone_ids]
                )
            ),
            milestone_id,
        )
        for milestone_id in used_ids
    )
    angles = spread([angle for angle, _ in wanted], MILESTONE_SPACING / milestone_radius)
    milestone_nodes: list[MilestoneNode] = []
    milestone_point: dict[int, tuple[float, float]] = {}
    for angle, (_, milestone_id) in zip(angles, wanted, strict=True):
        x, y = _point(cx, cy, milestone_radius, angle)
        milestone_point[milestone_id] = (x, y)
        milestone_nodes.append(
            MilestoneNode(
                milestone=by_id[milestone_id],
                x=x,
                y=y,
                r=MILESTONE_RADIUS,
                angle=angle,
                label=shorten(by_id[milestone_id].title, MAX_MILESTONE_CHARS),
                label_x=x,
                label_y=round(y + MILESTONE_RADIUS + 13, 1),
            )
        )

    links: list[MapLink] = []
    for node in nodes:
        stakeholder = node.stakeholder
        if stakeholder.whole_goal:
            x2, y2 = _point(cx, cy, CENTRE_RADIUS, node.angle)
            links.append(MapLink(stakeholder.id, None, node.x, node.y, x2, y2, stakeholder.state))
            continue
        for milestone_id in stakeholder.milestone_ids:
            if milestone_id in milestone_point:
                x2, y2 = milestone_point[milestone_id]
                links.append(
                    MapLink(stakeholder.id, milestone_id, node.x, node.y, x2, y2, stakeholder.state)
                )

    return EcosystemMap(
        width=width,
        height=height,
        cx=cx,
        cy=cy,
        centre_r=CENTRE_RADIUS,
        goal_label=shorten(goal_title, MAX_CENTRE_CHARS),
        owner_label=shorten(owner_name, MAX_CENTRE_CHARS),
        sectors=sectors,
        stakeholders=nodes,
        milestones=milestone_nodes,
        links=links,
    )
