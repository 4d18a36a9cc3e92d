"""The ecosystem map's geometry: plain dataclasses in and out, no database."""

import math

from hypothesis import given, settings
from hypothesis import strategies as st

from stakeholders.ecosystem_map import (
    CENTRE_RADIUS,
    RADIAL_LABELS_FROM,
    MapMilestone,
    MapStakeholder,
    build_map,
    shorten,
    spread,
)

ROLES = ("supplier", "tutor", "mentor", "peer", "agency", "employer", "advisor", "other")


def person(pk, role="tutor", *, state="active", milestones=(), name=None, organization=False):
    return MapStakeholder(
        id=pk,
        name=name or f"Person {pk}",
        role=role,
        role_label=role.title(),
        state=state,
        milestone_ids=tuple(milestones),
        href=f"#stakeholder-{pk}",
        is_organization=organization,
    )


def milestone(pk, title=None):
    return MapMilestone(id=pk, title=title or f"Milestone {pk}", href=f"#milestone-{pk}")


def distance(ax, ay, bx, by):
    return math.hypot(ax - bx, ay - by)


def draw(stakeholders, milestones=()):
    return build_map(
        goal_title="Export-grade Gala apples",
        owner_name="Casey Customer",
        stakeholders=list(stakeholders),
        milestones=list(milestones),
        role_order=ROLES,
    )


def test_an_empty_ecosystem_is_just_the_centre():
    picture = draw([])
    assert picture.stakeholders == [] and picture.links == [] and picture.sectors == []
    assert picture.cx == picture.width / 2 and picture.cy == picture.height / 2
    assert picture.goal_label == "Export-grade Gal…"


def test_stakeholders_are_grouped_by_role_in_the_given_order():
    picture = draw([person(1, "tutor"), person(2, "supplier"), person(3, "tutor")])
    assert [sector.role for sector in picture.sectors] == ["supplier", "tutor"]
    assert [sector.count for sector in picture.sectors] == [1, 2]
    assert [node.stakeholder.id for node in picture.stakeholders] == [2, 1, 3]


def test_one_group_fills_the_ring_and_its_first_member_sits_at_the_top():
    picture = draw([person(1), person(2)])
    top = picture.stakeholders[0]
    assert math.isclose(top.x, picture.cx, abs_tol=0.1) and top.y < picture.cy
    assert picture.sectors[0].path.count("A") == 4  # a full ring: two arcs each way


def test_a_whole_goal_stakeholder_is_joined_to_the_centre_and_a_scoped_one_to_its_milestones():
    picture = draw(
        [person(1), person(2, milestones=[10, 11])], [milestone(10), milestone(11), milestone(12)]
    )
    links = {(link.stakeholder_id, link.milestone_id) for link in picture.links}
    assert links == {(1, None), (2, 10), (2, 11)}
    whole = next(link for link in picture.links if link.milestone_id is None)
    assert math.isclose(
        distance(whole.x2, whole.y2, picture.cx, picture.cy), CENTRE_RADIUS, abs_tol=0.2
    )
    # Only milestones someone is scoped to are drawn.
    assert [node.milestone.id for node in picture.milestones] == [10, 11]


def test_a_scope_naming_unknown_milestones_draws_no_line_to_the_centre():
    picture = draw([person(1, milestones=[99])], [milestone(10)])
    assert picture.links == [] and picture.milestones == []


def test_invited_and_lapsed_stakeholders_are_marked_for_dashed_drawing():
    picture = draw([person(1, state="invited"), person(2, state="lapsed"), person(3)])
    classes = {node.stakeholder.id: node.css_class for node in picture.stakeholders}
    assert "is-invited" in classes[1] and "is-lapsed" in classes[2] and "is-active" in classes[3]
    assert {link.css_class.split()[-1] for link in picture.links} == {
        "is-invited",
        "is-lapsed",
        "is-active",
    }
    assert picture.counts == {"active": 1, "invited": 1, "lapsed": 1}


def test_an_organisation_is_drawn_as_a_square_around_its_point():
    node = draw([person(1, organization=True)]).stakeholders[0]
    assert "is-organization" in node.css_class
    assert node.box_x + node.box_size / 2 == node.x and node.box_y + node.box_size / 2 == node.y


def test_a_milestone_sits_near_the_stakeholders_who_help_with_it():
    stakeholders = [person(pk, ROLES[pk % 4], milestones=[pk]) for pk in range(8)]
    picture = draw(stakeholders, [milestone(pk) for pk in range(8)])
    angle_of = {node.stakeholder.id: node.angle for node in picture.stakeholders}
    for node in picture.milestones:
        gap = abs((node.angle - angle_of[node.milestone.id] + math.pi) % (2 * math.pi) - math.pi)
        assert gap < 0.35


def test_long_names_are_shortened_and_kept_whole_for_the_tooltip():
    name = "The Hawke's Bay Regional Extension Service"
    node = draw([person(1, name=name)]).stakeholders[0]
    assert node.label.text.endswith("…") and len(node.label.text) <= 21
    assert node.stakeholder.name == name


def test_names_run_along_the_radius_when_the_ring_is_crowded():
    few = draw([person(pk) for pk in range(RADIAL_LABELS_FROM - 1)])
    many = draw([person(pk) for pk in range(RADIAL_LABELS_FROM + 5)])
    assert all(node.label.transform == "" for node in few.stakeholders)
    assert any(node.label.transform.startswith("rotate(") for node in many.stakeholders)
    # Never upside down: rotations stay within a quarter turn either way.
    for node in many.stakeholders:
        assert -90.1 <= node.label.rotate <= 90.1


def test_spread_keeps_angles_apart_and_near_where_they_were_wanted():
    assert spread([0.0, 0.01, 0.02], 0.5) == [0.0, 0.5, 1.0]
    assert spread([1.0, 3.0], 0.5) == [1.0, 3.0]
    evenly = spread([0.0] * 10, 1.0)  # cannot fit: evenly round the circle
    assert math.isclose(evenly[1] - evenly[0], 2 * math.pi / 10)


@settings(max_examples=200, deadline=None)
@given(
    wanted=st.lists(st.floats(-10, 10, allow_nan=False), min_size=2, max_size=30),
    min_gap=st.floats(0.01, 1.0),
)
def test_spread_angles_are_never_closer_than_the_gap_round_the_circle(wanted, min_gap):
    placed = spread(wanted, min_gap)
    assert len(placed) == len(wanted)
    if len(wanted) * min_gap >= 2 * math.pi:
        min_gap = 2 * math.pi / len(wanted)
    for index, first in enumerate(placed):
        for second in placed[index + 1 :]:
            apart = abs((first - second + math.pi) % (2 * math.pi) - math.pi)
            assert apart >= min_gap - 1e-6


def test_spread_leaves_angles_that_already_fit_where_they_are():
    wanted = [0.5, 2.0, 4.0]
    assert spread(wanted, 0.3) == wanted


def test_shorten_collapses_whitespace():
    assert shorten("  Order \n fertiliser ", 30) == "Order fertiliser"
    assert shorten("abcdefghij", 5) == "abcd…"


@settings(max_examples=60, deadline=None)
@given(
    roles=st.lists(st.sampled_from(ROLES), min_size=1, max_size=45),
    scopes=st.lists(st.lists(st.integers(0, 14), max_size=3), max_size=45),
    milestone_count=st.integers(0, 15),
)
def test_nodes_never_overlap_and_stay_inside_the_picture(roles, scopes, milestone_count):
    stakeholders = [
        person(pk, role, milestones=scopes[pk] if pk < len(scopes) else ())
        for pk, role in enumerate(roles)
    ]
    picture = draw(stakeholders, [milestone(pk) for pk in range(milestone_count)])
    nodes = [(node.x, node.y, node.r) for node in picture.stakeholders]
    nodes += [(node.x, node.y, node.r) for node in picture.milestones]
    for index, (ax, ay, ar) in enumerate(nodes):
        assert ar <= ax <= picture.width - ar and ar <= ay <= picture.height - ar
        assert distance(ax, ay, picture.cx, picture.cy) > picture.centre_r + ar
        for bx, by, br in nodes[index + 1 :]:
            assert distance(ax, ay, bx, by) >= ar + br
    assert len(picture.stakeholders) == len(stakeholders)
    assert sum(sector.count for sector in picture.sectors) == len(stakeholders)
