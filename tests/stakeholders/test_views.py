"""The ecosystem pages: the map, the owner's stakeholders page, advice on a milestone and
the partner dashboard; per role, with bad input, htmx answers and query counts."""

import re
from datetime import date, timedelta

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from ecosystem.audit.models import AuditEvent
from goals.services import goal_create
from milestones.services import milestone_create
from partners.selectors import member_organizations
from partners.services import (
    member_accept,
    member_invite,
    organization_create,
    organization_set_verified,
)
from stakeholders.dashboard import partner_dashboard_for
from stakeholders.lifecycle import invitation_token, stakeholder_answer
from stakeholders.models import Advice, Stakeholder
from stakeholders.services import (
    advice_moderate,
    advice_post,
    stakeholder_invite,
    stakeholder_remove,
)
from tests.factories import UserFactory
from tests.query_counts import warm_navigation

pytestmark = pytest.mark.django_db

HTMX = {"HTTP_HX_REQUEST": "true"}


@pytest.fixture(autouse=True)
def _fast_password_hashing(settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


# --- A goal with one person in every role ----------------------------------------------


def accepted(goal, owner, invitee, **options):
    options.setdefault("role", "advisor")
    stakeholder = stakeholder_invite(goal=goal, by=owner, email=invitee.email, **options)
    return stakeholder_answer(token=invitation_token(stakeholder), user=invitee, accept=True)


def organization_with_admin(name, *, admin=None, kind="supplier"):
    admin = admin or UserFactory(display_name=f"{name} admin")
    return organization_create(by=admin, name=name, kind=kind), admin


def invite_organization(goal, owner, organization, admin, **options):
    options.setdefault("role", "supplier")
    stakeholder = stakeholder_invite(goal=goal, by=owner, organization=organization, **options)
    return stakeholder_answer(token=invitation_token(stakeholder), user=admin, accept=True)


class World:
    """The owner's goal and a person for each role the matrix walks."""

    def __init__(self, owner):
        self.owner = owner
        self.goal = goal_create(by=owner, title="Gala apples", target_date=date(2027, 3, 1))
        self.order = milestone_create(
            goal=self.goal, by=self.goal.owner, title="Order fertiliser", duration_days=2
        )
        self.project = milestone_create(
            goal=self.goal, by=self.goal.owner, title="Thinning project", duration_days=5
        )
        self.users = {"owner": owner, "anonymous": None}
        self.rows = {}
        for role, access in (
            ("view", "view"),
            ("comment", "comment"),
            ("contribute", "contribute"),
        ):
            person = UserFactory(display_name=f"{role.title()} Person")
            self.users[role] = person
            self.rows[role] = accepted(self.goal, owner, person, access=access, role="mentor")
        scoped = UserFactory(display_name="Scoped Tutor")
        self.users["scoped"] = scoped
        self.rows["scoped"] = accepted(
            self.goal, owner, scoped, access="comment", role="tutor", milestones=[self.project]
        )
        supplier, admin = organization_with_admin("Orchard Supplies")
        self.supplier = supplier
        self.users["org_member"] = admin
        self.rows["org_member"] = invite_organization(
            self.goal, owner, supplier, admin, access="view", milestones=[self.order]
        )
        removed = UserFactory(display_name="Removed Person")
        self.users["removed"] = removed
        self.rows["removed"] = stakeholder_remove(
            stakeholder=accepted(self.goal, owner, removed, access="comment"), by=owner
        )
        lapsed = UserFactory(display_name="Lapsed Person")
        self.users["lapsed"] = lapsed
        row = accepted(
            self.goal,
            owner,
            lapsed,
            access="comment",
            ends_on=timezone.localdate() + timedelta(days=3),
        )
        Stakeholder.objects.filter(pk=row.pk).update(
            ends_on=timezone.localdate() - timedelta(days=1)
        )
        self.rows["lapsed"] = row
        self.users["other_customer"] = UserFactory(display_name="Olly Other")
        _, stranger = organization_with_admin("Not Invited Ltd")
        self.users["partner_not_invited"] = stranger
        self.users["staff"] = UserFactory(display_name="Sam Staff", is_staff=True)
        self.pending = stakeholder_invite(
            goal=self.goal, by=owner, email="pending@example.org", role="agency"
        )

    def client(self, role):
        client = Client()
        if self.users[role] is not None:
            client.force_login(self.users[role])
        return client


@pytest.fixture
def world(customer):
    return World(customer)


ROLES = [
    "owner",
    "view",
    "comment",
    "contribute",
    "scoped",
    "org_member",
    "removed",
    "lapsed",
    "other_customer",
    "partner_not_invited",
    "staff",
    "anonymous",
]
STAKEHOLDERS = {"view", "comment", "contribute", "scoped", "org_member"}
OUTSIDERS = {"removed", "lapsed", "other_customer", "partner_not_invited", "staff"}


def assert_status(response, expected):
    if expected == "login":
        assert response.status_code == 302
        assert response["Location"].startswith(reverse("account_login"))
    else:
        assert response.status_code == expected, response.content[:400]


def ids_in(pattern, html):
    return {int(found) for found in re.findall(pattern, html)}


# --- The ecosystem map -------------------------------------------------------------------


@pytest.mark.parametrize("role", ROLES)
def test_the_map_answers_each_role_by_the_visibility_rules(world, role):
    expected = (
        200
        if role == "owner" or role in STAKEHOLDERS
        else ("login" if role == "anonymous" else 404)
    )
    response = world.client(role).get(reverse("stakeholders:ecosystem-map", args=[world.goal.pk]))
    assert_status(response, expected)


def test_the_owner_sees_every_current_stakeholder_on_the_map_and_in_the_list(world):
    response = world.client("owner").get(
        reverse("stakeholders:ecosystem-map", args=[world.goal.pk])
    )
    html = response.content.decode()
    drawn = ids_in(r'data-stakeholder="(\d+)"', html)
    current = {world.rows[role].pk for role in STAKEHOLDERS} | {
        world.rows["lapsed"].pk,
        world.pending.pk,
    }
    assert drawn == current
    assert world.rows["removed"].pk not in drawn
    for name in ("View Person", "Scoped Tutor", "Orchard Supplies", "pending@example.org"):
        assert name in html
    assert "Removed Person" not in html


def test_the_map_is_a_labelled_picture_with_a_title_a_description_and_the_same_as_a_list(world):
    response = world.client("owner").get(
        reverse("stakeholders:ecosystem-map", args=[world.goal.pk])
    )
    html = response.content.decode()
    # A labelled group whose drawing (with its pointer-only links) is hidden from screen
    # readers: role="img" around links is nested interactive content (axe).
    assert 'role="group" aria-labelledby="eco-title eco-desc"' in html
    assert '<g class="eco-drawing" aria-hidden="true">' in html
    assert '<title id="eco-title">' in html and '<desc id="eco-desc">' in html
    assert "7 stakeholders around them" in html
    assert "(4 active" not in html  # counts are per state: 5 active, 1 invited, 1 lapsed
    assert "5 active, 1 invited and not yet answered, 1 lapsed" in html
    assert 'style="' not in html
    list_part = html.split('id="eco-list-heading"', 1)[1]
    assert "Scoped Tutor" in list_part and "Thinning project" in list_part
    assert "helps with the whole goal" in list_part


def test_pending_and_lapsed_stakeholders_are_drawn_dashed_with_a_label(world):
    html = (
        world.client("owner")
        .get(reverse("stakeholders:ecosystem-map", args=[world.goal.pk]))
        .content.decode()
    )
    pending = re.search(rf'class="([^"]*)" data-stakeholder="{world.pending.pk}"', html).group(1)
    lapsed = re.search(rf'class="([^"]*)" data-stakeholder="{world.rows["lapsed"].pk}"', html)
    assert "is-invited" in pending
    assert "is-lapsed" in lapsed.group(1)
    assert ">invited</text>" in html and ">lapsed</text>" in html
    assert ">whole goal</text>" in html


def test_scoped_stakeholders_are_joined_to_their_milestones(world):
    html = (
        world.client("owner")
        .get(reverse("stakeholders:ecosystem-map", args=[world.goal.pk]))
        .content.decode()
    )
    assert ids_in(r'data-milestone="(\d+)"', html) == {world.order.pk, world.project.pk}
    assert f'href="{reverse("stakeholders:list", args=[world.goal.pk])}#stakeholder-' in html


def test_a_stakeholder_sees_only_the_owner_and_themselves_on_the_map(world):
    html = (
        world.client("scoped")
        .get(reverse("stakeholders:ecosystem-map", args=[world.goal.pk]))
        .content.decode()
    )
    assert ids_in(r'data-stakeholder="(\d+)"', html) == {world.rows["scoped"].pk}
    assert "Casey Customer" in html
    for name in ("View Person", "Orchard Supplies", "pending@example.org", "Lapsed Person"):
        assert name not in html
    assert ids_in(r'data-milestone="(\d+)"', html) == {world.project.pk}
    assert reverse("stakeholders:list", args=[world.goal.pk]) not in html


def test_a_member_of_an_invited_organisation_sees_their_organisation(world):
    html = (
        world.client("org_member")
        .get(reverse("stakeholders:ecosystem-map", args=[world.goal.pk]))
        .content.decode()
    )
    assert ids_in(r'data-stakeholder="(\d+)"', html) == {world.rows["org_member"].pk}
    assert "Orchard Supplies" in html and "(your organisation)" in html


def test_an_owner_without_stakeholders_is_pointed_to_the_invite_form(customer):
    goal = goal_create(by=customer, title="Alone", target_date=date(2027, 3, 1))
    client = Client()
    client.force_login(customer)
    response = client.get(reverse("stakeholders:ecosystem-map", args=[goal.pk]))
    assert response.status_code == 200
    assert "No one is invited yet." in response.content.decode()


def _many_stakeholders(owner, goal, milestones, count):
    for index in range(count):
        email = f"helper{index}.goal{goal.pk}@example.org"
        stakeholder = stakeholder_invite(
            goal=goal,
            by=owner,
            email=email,
            role=["supplier", "tutor", "agency"][index % 3],
            milestones=[milestones[index % len(milestones)]] if index % 2 else [],
        )
        if index % 4:
            stakeholder_answer(
                token=invitation_token(stakeholder),
                user=UserFactory(email=email),
                accept=True,
            )


def _count_queries(client, url):
    warm_navigation(client)
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200
    return len(queries)


@pytest.mark.parametrize("url_name", ["stakeholders:ecosystem-map", "stakeholders:list"])
def test_the_map_and_stakeholders_page_make_the_same_queries_for_2_and_30(customer, url_name):
    counts = []
    for size in (2, 30):
        goal = goal_create(by=customer, title=f"Goal {size}", target_date=date(2027, 3, 1))
        milestones = [
            milestone_create(goal=goal, by=goal.owner, title=f"Step {index}", duration_days=1)
            for index in range(3)
        ]
        _many_stakeholders(customer, goal, milestones, size)
        client = Client()
        client.force_login(customer)
        counts.append(_count_queries(client, reverse(url_name, args=[goal.pk])))
    assert counts[0] == counts[1]


# --- The stakeholders page -----------------------------------------------------------------


@pytest.mark.parametrize("role", ROLES)
def test_the_stakeholders_page_is_the_owners_alone(world, role):
    if role == "owner":
        expected = 200
    elif role in STAKEHOLDERS:
        expected = 403
    elif role == "anonymous":
        expected = "login"
    else:
        expected = 404
    response = world.client(role).get(reverse("stakeholders:list", args=[world.goal.pk]))
    assert_status(response, expected)


def test_the_list_shows_role_access_scope_end_date_and_status(world):
    html = (
        world.client("owner")
        .get(reverse("stakeholders:list", args=[world.goal.pk]))
        .content.decode()
    )
    current, history = html.split('class="stakeholder-history"', 1)
    pending = current.split(f'id="stakeholder-{world.pending.pk}"', 1)[1].split("</li>", 1)[0]
    assert "Pending" in pending and "invited on" in pending and "the link works until" in pending
    lapsed = current.split(f'id="stakeholder-{world.rows["lapsed"].pk}"', 1)[1]
    assert "Lapsed" in lapsed.split("</li>", 1)[0]
    scoped = current.split(f'id="stakeholder-{world.rows["scoped"].pk}"', 1)[1]
    scoped = scoped.split("</li>", 1)[0]
    assert "Tutor" in scoped and "Comment: also posts advice" in scoped
    assert "Thinning project" in scoped
    assert "The whole goal" in current.split(f'id="stakeholder-{world.rows["view"].pk}"', 1)[1]
    assert "Removed Person" in history and "Removed Person" not in current
    assert "<details" in html  # the history is collapsed


def test_a_lapse_date_is_shown_until_it_passes(world, customer):
    person = UserFactory(display_name="Seasonal Helper")
    ends = timezone.localdate() + timedelta(days=30)
    row = accepted(world.goal, customer, person, ends_on=ends)
    html = (
        world.client("owner")
        .get(reverse("stakeholders:list", args=[world.goal.pk]))
        .content.decode()
    )
    item = html.split(f'id="stakeholder-{row.pk}"', 1)[1].split("</li>", 1)[0]
    assert f"Lapses after {ends:%a %-d %b %Y}" in item


def test_the_organisation_select_lists_verified_ones_first_and_labels_the_others(world, staff_user):
    verified, _ = organization_with_admin("Zealand Growers Co-op")
    organization_set_verified(organization=verified, by=staff_user, verified=True)
    html = (
        world.client("owner")
        .get(reverse("stakeholders:list", args=[world.goal.pk]))
        .content.decode()
    )
    select = html.split('name="organization"', 1)[1].split("</select>", 1)[0]
    options = re.findall(r"<option value=\"\d+\">([^<]+)</option>", select)
    assert options[0] == "Zealand Growers Co-op"
    assert "Orchard Supplies (Not verified)" in options


def test_the_owner_invites_a_person_by_email_who_is_emailed_a_link(
    world, django_capture_on_commit_callbacks, mailoutbox
):
    with django_capture_on_commit_callbacks(execute=True):
        response = world.client("owner").post(
            reverse("stakeholders:list", args=[world.goal.pk]),
            {
                "email": "Tutor@Example.org",
                "role": "tutor",
                "access": "comment",
                "milestones": [str(world.project.pk)],
                "ends_on": "",
            },
        )
    stakeholder = Stakeholder.objects.get(email="tutor@example.org")
    assert response.status_code == 302
    assert response["Location"].endswith(f"#stakeholder-{stakeholder.pk}")
    assert list(stakeholder.milestones.all()) == [world.project]
    assert stakeholder.access == "comment" and stakeholder.status == "invited"
    assert mailoutbox[-1].to == ["tutor@example.org"]


def test_the_owner_invites_an_organisation_from_the_directory(world):
    other, _admin = organization_with_admin("Extension Service", kind="extension_service")
    response = world.client("owner").post(
        reverse("stakeholders:list", args=[world.goal.pk]),
        {"organization": str(other.pk), "role": "agency", "access": "view"},
    )
    assert response.status_code == 302
    stakeholder = Stakeholder.objects.get(organization=other)
    assert stakeholder.goal == world.goal and stakeholder.milestones.count() == 0


@pytest.mark.parametrize(
    "case, field",
    [
        ("self", "email"),
        ("duplicate", "email"),
        ("past", "ends_on"),
        ("other_goal", "milestones"),
        ("unknown_milestone", "milestones"),
        ("neither", "email"),
        ("both", "email"),
        ("bad_date", "ends_on"),
        ("bad_role", "role"),
        ("duplicate_organization", "organization"),
    ],
)
def test_bad_invitations_are_refused_on_the_field_and_nothing_is_saved(
    world, customer, other_customer, case, field
):
    data = {"email": "new@example.org", "role": "tutor", "access": "view"}
    if case == "self":
        data["email"] = customer.email.upper()
    elif case == "duplicate":
        data["email"] = world.users["view"].email
    elif case == "past":
        data["ends_on"] = (timezone.localdate() - timedelta(days=1)).isoformat()
    elif case == "other_goal":
        foreign = goal_create(by=other_customer, title="Theirs", target_date=date(2027, 5, 1))
        data["milestones"] = [
            str(milestone_create(goal=foreign, by=foreign.owner, title="X", duration_days=1).pk)
        ]
    elif case == "unknown_milestone":
        data["milestones"] = ["999999"]
    elif case == "neither":
        data["email"] = ""
    elif case == "both":
        data["organization"] = str(world.supplier.pk)
    elif case == "bad_date":
        data["ends_on"] = "next spring"
    elif case == "bad_role":
        data["role"] = "overlord"
    elif case == "duplicate_organization":
        data = {"organization": str(world.supplier.pk), "role": "supplier", "access": "view"}
    before = Stakeholder.objects.count()
    response = world.client("owner").post(reverse("stakeholders:list", args=[world.goal.pk]), data)
    assert response.status_code == 400
    form = response.context["invite_form"]
    assert field in form.errors, form.errors
    assert Stakeholder.objects.count() == before
    html = response.content.decode()
    assert 'aria-invalid="true"' in html
    assert "Nothing was saved" in html


def test_an_htmx_invitation_answers_with_the_panel(world):
    response = world.client("owner").post(
        reverse("stakeholders:list", args=[world.goal.pk]),
        {"email": "helper@example.org", "role": "peer", "access": "view"},
        **HTMX,
    )
    html = response.content.decode()
    assert response.status_code == 200
    assert html.lstrip().startswith('<div id="stakeholders-panel"')
    assert "helper@example.org is invited" in html
    assert "<html" not in html


def test_an_htmx_invitation_with_errors_answers_with_the_panel_and_the_errors(world):
    response = world.client("owner").post(
        reverse("stakeholders:list", args=[world.goal.pk]),
        {"email": world.owner.email, "role": "peer", "access": "view"},
        **HTMX,
    )
    assert response.status_code == 200
    assert "You cannot invite yourself" in response.content.decode()


def test_a_stakeholder_cannot_invite_into_someone_elses_goal(world):
    response = world.client("contribute").post(
        reverse("stakeholders:list", args=[world.goal.pk]),
        {"email": "friend@example.org", "role": "peer", "access": "view"},
    )
    assert response.status_code == 403
    assert not Stakeholder.objects.filter(email="friend@example.org").exists()


# --- Changing and removing stakeholders ---------------------------------------------------


def change_data(row, **values):
    prefix = f"s{row.pk}-"
    data = {"role": row.role, "access": row.access, "ends_on": ""}
    data.update(values)
    milestones = data.pop("milestones", [])
    result = {prefix + key: value for key, value in data.items()}
    result[prefix + "milestones"] = [str(milestone) for milestone in milestones]
    return result


@pytest.mark.parametrize("role", ROLES)
def test_changing_a_stakeholder_is_the_owners_alone(world, role):
    target = world.rows["view"]
    if role == "owner":
        expected = 302
    elif role == "view":
        expected = 403  # their own row: they see it, they may not change it
    elif role == "anonymous":
        expected = "login"
    else:
        expected = 404
    response = world.client(role).post(
        reverse("stakeholders:edit", args=[target.pk]),
        change_data(target, access="contribute"),
    )
    assert_status(response, expected)
    target.refresh_from_db()
    assert target.access == ("contribute" if role == "owner" else "view")


def test_the_owner_changes_access_scope_and_end_date_with_effect_on_the_next_request(world):
    target = world.rows["view"]
    ends = timezone.localdate() + timedelta(days=10)
    response = world.client("owner").post(
        reverse("stakeholders:edit", args=[target.pk]),
        change_data(
            target, access="comment", role="employer", milestones=[world.order.pk], ends_on=ends
        ),
    )
    assert response.status_code == 302
    target.refresh_from_db()
    assert (target.access, target.role, target.ends_on) == ("comment", "employer", ends)
    assert list(target.milestones.all()) == [world.order]
    assert AuditEvent.objects.filter(verb="stakeholder.change").exists()
    viewer = world.client("view")
    assert (
        viewer.get(reverse("stakeholders:advice-post", args=[world.project.pk])).status_code == 404
    )
    assert viewer.get(reverse("stakeholders:advice-post", args=[world.order.pk])).status_code == 200


def test_unticking_every_milestone_shares_the_whole_goal(world):
    target = world.rows["scoped"]
    world.client("owner").post(reverse("stakeholders:edit", args=[target.pk]), change_data(target))
    assert target.milestones.count() == 0


@pytest.mark.parametrize(
    "values, field",
    [
        ({"ends_on": "2001-01-01"}, "ends_on"),
        ({"ends_on": "soon"}, "ends_on"),
        ({"access": "everything"}, "access"),
        ({"milestones": [999999]}, "milestones"),
    ],
)
def test_a_bad_change_is_refused_on_the_field_and_nothing_changes(world, values, field):
    target = world.rows["scoped"]
    response = world.client("owner").post(
        reverse("stakeholders:edit", args=[target.pk]),
        change_data(target, **{"access": "contribute", **values}),
    )
    assert response.status_code == 400
    item = next(i for i in response.context["items"] if i.row.stakeholder.pk == target.pk)
    assert field in item.form.errors
    assert item.open
    target.refresh_from_db()
    assert target.access == "comment"
    assert list(target.milestones.all()) == [world.project]


def test_changing_a_removed_stakeholder_says_to_invite_again(world):
    target = world.rows["removed"]
    response = world.client("owner").post(
        reverse("stakeholders:edit", args=[target.pk]),
        change_data(target, access="view"),
    )
    assert response.status_code == 400
    assert "invite them again" in response.content.decode()


def test_removing_asks_first_then_stops_access_at_once(world):
    target = world.rows["comment"]
    url = reverse("stakeholders:remove", args=[target.pk])
    asked = world.client("owner").post(url)
    assert asked.status_code == 200
    assert "Remove Comment Person?" in asked.content.decode()
    target.refresh_from_db()
    assert target.status == "active"

    done = world.client("owner").post(url, {"confirm": "yes"})
    assert done.status_code == 302
    target.refresh_from_db()
    assert target.status == "removed"
    goal_url = reverse("goals:detail", args=[world.goal.pk])
    assert world.client("comment").get(goal_url).status_code == 404


@pytest.mark.parametrize("role", ROLES)
def test_removing_a_stakeholder_is_the_owners_alone(world, role):
    target = world.rows["view"]
    if role == "owner":
        expected = 302
    elif role == "view":
        expected = 403
    elif role == "anonymous":
        expected = "login"
    else:
        expected = 404
    response = world.client(role).post(
        reverse("stakeholders:remove", args=[target.pk]), {"confirm": "yes"}
    )
    assert_status(response, expected)
    target.refresh_from_db()
    assert target.status == ("removed" if role == "owner" else "active")


def test_withdrawing_a_pending_invitation_kills_its_link(world):
    token = invitation_token(world.pending)
    world.client("owner").post(
        reverse("stakeholders:remove", args=[world.pending.pk]), {"confirm": "yes"}
    )
    invitee = UserFactory(email="pending@example.org")
    client = Client()
    client.force_login(invitee)
    assert client.get(reverse("stakeholders:invitation", args=[token])).status_code == 410


def test_an_htmx_removal_answers_with_the_panel(world):
    response = world.client("owner").post(
        reverse("stakeholders:remove", args=[world.rows["view"].pk]),
        {"confirm": "yes"},
        **HTMX,
    )
    html = response.content.decode()
    assert html.lstrip().startswith('<div id="stakeholders-panel"')
    assert "View Person was removed" in html


def test_get_on_an_action_is_not_allowed(world):
    client = world.client("owner")
    assert client.get(reverse("stakeholders:edit", args=[1])).status_code == 405
    assert client.get(reverse("stakeholders:remove", args=[1])).status_code == 405


# --- Advice on a milestone ------------------------------------------------------------------


def advice_data(milestone, body):
    return {f"advice-{milestone.pk}-body": body}


@pytest.mark.parametrize("role", ROLES)
def test_advice_on_a_milestone_is_read_by_whoever_sees_it(world, role):
    if role == "owner" or role in STAKEHOLDERS - {"org_member"}:
        expected = 200
    elif role == "anonymous":
        expected = "login"
    else:
        expected = 404  # the organisation is scoped to "order fertiliser" only
    response = world.client(role).get(reverse("stakeholders:advice-post", args=[world.project.pk]))
    assert_status(response, expected)


@pytest.mark.parametrize("role", ROLES)
def test_posting_advice_needs_comment_access(world, role):
    if role in ("owner", "comment", "contribute", "scoped"):
        expected = 302
    elif role == "view":
        expected = 403
    elif role == "anonymous":
        expected = "login"
    else:
        expected = 404
    response = world.client(role).post(
        reverse("stakeholders:advice-post", args=[world.project.pk]),
        advice_data(world.project, "Thin to **one fruit** per cluster."),
    )
    assert_status(response, expected)
    assert Advice.objects.count() == (1 if expected == 302 else 0)


def test_advice_is_markdown_rendered_and_sanitised(world):
    client = world.client("scoped")
    response = client.post(
        reverse("stakeholders:advice-post", args=[world.project.pk]),
        advice_data(world.project, "Thin **early**.\n\n[guide](https://example.org/thin)"),
        follow=True,
    )
    html = response.content.decode()
    assert "<strong>early</strong>" in html
    assert "Your advice was posted." in html
    advice = Advice.objects.get()
    assert advice.author == world.users["scoped"]


def test_unsafe_advice_is_refused_on_the_field_and_nothing_is_saved(world):
    response = world.client("comment").post(
        reverse("stakeholders:advice-post", args=[world.project.pk]),
        advice_data(world.project, "[click](javascript:alert(1))"),
    )
    assert response.status_code == 400
    assert "body" in response.context["advice_form"].errors
    assert Advice.objects.count() == 0
    assert "javascript:alert" not in response.content.decode().split("<textarea", 1)[0]


def test_empty_advice_is_refused_on_the_field(world):
    response = world.client("comment").post(
        reverse("stakeholders:advice-post", args=[world.project.pk]),
        advice_data(world.project, "   "),
    )
    assert response.status_code == 400
    assert "body" in response.context["advice_form"].errors


def test_htmx_advice_answers_with_the_list_partial(world):
    response = world.client("comment").post(
        reverse("stakeholders:advice-post", args=[world.project.pk]),
        advice_data(world.project, "Start from the top of the tree."),
        **HTMX,
    )
    html = response.content.decode()
    assert response.status_code == 200
    assert html.lstrip().startswith(f'<section id="advice-{world.project.pk}"')
    assert "Start from the top of the tree." in html
    assert "Your advice was posted." in html


def test_a_plain_post_goes_back_to_the_page_it_came_from(world):
    goal_url = reverse("goals:detail", args=[world.goal.pk])
    response = world.client("comment").post(
        reverse("stakeholders:advice-post", args=[world.project.pk]),
        {**advice_data(world.project, "Tip"), "next": goal_url},
    )
    assert response["Location"] == f"{goal_url}#advice-{world.project.pk}"
    elsewhere = world.client("comment").post(
        reverse("stakeholders:advice-post", args=[world.project.pk]),
        {**advice_data(world.project, "Tip"), "next": "https://evil.example/"},
    )
    assert elsewhere["Location"].startswith(
        reverse("stakeholders:advice-post", args=[world.project.pk])
    )


@pytest.fixture
def tip(world):
    return advice_post(milestone=world.project, by=world.users["comment"], body="Thin early.")


@pytest.mark.parametrize("role", ROLES)
def test_only_the_owner_moderates_advice(world, tip, role):
    if role == "owner":
        expected = 302
    elif role in STAKEHOLDERS - {"org_member"}:
        expected = 403
    elif role == "anonymous":
        expected = "login"
    else:
        expected = 404
    response = world.client(role).post(
        reverse("stakeholders:advice-moderate", args=[tip.pk]), {"helpful": "1"}
    )
    assert_status(response, expected)
    tip.refresh_from_db()
    assert tip.helpful is (role == "owner")


def test_hidden_advice_is_seen_by_the_owner_and_its_author_only(world, tip):
    world.client("owner").post(
        reverse("stakeholders:advice-moderate", args=[tip.pk]), {"hidden": "1"}
    )
    url = reverse("stakeholders:advice-post", args=[world.project.pk])
    assert "Hidden from stakeholders" in world.client("owner").get(url).content.decode()
    assert "Hidden by the owner" in world.client("comment").get(url).content.decode()
    assert "Thin early." not in world.client("contribute").get(url).content.decode()


def test_the_owner_marks_helpful_and_undoes_it_in_place(world, tip):
    client = world.client("owner")
    url = reverse("stakeholders:advice-moderate", args=[tip.pk])
    html = client.post(url, {"helpful": "1"}, **HTMX).content.decode()
    assert "Marked as helpful." in html and 'aria-pressed="true"' in html
    html = client.post(url, {"helpful": "0"}, **HTMX).content.decode()
    assert "No longer marked as helpful." in html and 'aria-pressed="false"' in html


def test_a_moderation_without_a_choice_changes_nothing(world, tip):
    response = world.client("owner").post(
        reverse("stakeholders:advice-moderate", args=[tip.pk]), {"helpful": "maybe"}
    )
    assert response.status_code == 302
    tip.refresh_from_db()
    assert not tip.helpful and not tip.hidden


@pytest.mark.parametrize(
    "role, expected",
    [("comment", 302), ("owner", 302), ("contribute", 403), ("view", 403), ("lapsed", 404)],
)
def test_advice_is_deleted_by_its_author_or_the_owner_after_confirming(world, tip, role, expected):
    url = reverse("stakeholders:advice-delete", args=[tip.pk])
    client = world.client(role)
    first = client.post(url)
    assert first.status_code == (200 if expected == 302 else expected)
    assert Advice.objects.filter(pk=tip.pk).exists()
    second = client.post(url, {"confirm": "yes"})
    assert second.status_code == expected
    assert Advice.objects.filter(pk=tip.pk).exists() is (expected != 302)


def test_the_partial_can_be_included_with_the_selector_in_one_query(world, tip):
    from django.template.loader import render_to_string
    from django.test import RequestFactory

    from milestones.access import commentable_milestone_ids
    from stakeholders.selectors import advice_for_milestones

    advice_moderate(advice=tip, by=world.owner, helpful=True)
    with CaptureQueriesContext(connection) as queries:
        by_milestone = advice_for_milestones(
            user=world.owner, milestones=[world.order, world.project]
        )
    assert len(queries) == 1
    assert by_milestone == {world.order.pk: [], world.project.pk: [tip]}
    request = RequestFactory().get(reverse("goals:detail", args=[world.goal.pk]))
    request.user = world.owner
    html = render_to_string(
        "stakeholders/partials/advice.html",
        {
            "milestone": world.project,
            "advice_list": by_milestone[world.project.pk],
            "can_comment": True,
            "is_owner": True,
        },
        request=request,
    )
    assert "Thin early." in html and "Helpful" in html
    assert f'name="advice-{world.project.pk}-body"' in html
    assert f'value="{reverse("goals:detail", args=[world.goal.pk])}"' in html
    every = set(world.goal.milestones.values_list("pk", flat=True))
    assert commentable_milestone_ids(world.owner, world.goal) == every
    assert commentable_milestone_ids(world.users["scoped"], world.goal) == {world.project.pk}
    assert commentable_milestone_ids(world.users["view"], world.goal) == set()
    assert commentable_milestone_ids(world.users["comment"], world.goal) == every


# --- The partner dashboard ------------------------------------------------------------------


@pytest.mark.parametrize("role", ROLES)
def test_the_partner_dashboard_answers_every_signed_in_person(world, role):
    response = world.client(role).get(reverse("stakeholders:partner-dashboard"))
    assert_status(response, "login" if role == "anonymous" else 200)
    if role in ("org_member",):
        assert "Gala apples" in response.content.decode()
    elif role != "anonymous":
        assert "Gala apples" not in response.content.decode()


def test_someone_in_no_organisation_gets_a_friendly_empty_state(world):
    html = world.client("view").get(reverse("stakeholders:partner-dashboard")).content.decode()
    assert "You are not a member of a partner organisation yet." in html


class SupplierWorld:
    """A supplier invited by several customers to their "order fertiliser" milestones."""

    def __init__(self, customers: int, *, milestones_each: int = 2, name="Orchard Supplies"):
        self.organization, self.admin = organization_with_admin(name)
        self.member = UserFactory(display_name="Mo Member")
        invitation = member_invite(
            organization=self.organization, by=self.admin, email=self.member.email
        )
        member_accept(membership=invitation, by=self.member)
        self.goals = []
        for index in range(customers):
            owner = UserFactory(display_name=f"Grower {index}")
            goal = goal_create(
                by=owner, title=f"Apples {index}", target_date=date(2027, 3, 1 + index % 20)
            )
            steps = [
                milestone_create(goal=goal, by=goal.owner, title=f"Order fertiliser {index}.{step}")
                for step in range(milestones_each)
            ]
            milestone_create(
                goal=goal, by=goal.owner, title=f"Private step {index}", duration_days=3
            )
            invite_organization(goal, owner, self.organization, self.admin, milestones=steps)
            self.goals.append(goal)


def test_the_dashboard_lists_the_goals_and_coming_milestones_in_scope_by_latest_start():
    world = SupplierWorld(3, milestones_each=1)
    client = Client()
    client.force_login(world.member)
    response = client.get(reverse("stakeholders:partner-dashboard"))
    html = response.content.decode()
    for index in range(3):
        assert f"Apples {index}" in html and f"Grower {index}" in html
        assert f"Order fertiliser {index}.0" in html
        assert f"Private step {index}" not in html
    upcoming = response.context["dashboard"].upcoming
    starts = [item.milestone.latest_start for item in upcoming]
    assert starts == sorted(starts)
    assert {item.milestone.goal.title for item in upcoming} == {"Apples 0", "Apples 1", "Apples 2"}
    assert all(item.organizations == ["Orchard Supplies"] for item in upcoming)


def test_the_month_calendar_puts_each_milestone_on_its_days():
    world = SupplierWorld(1, milestones_each=1)
    milestone = world.goals[0].milestones.get(title="Order fertiliser 0.0")
    client = Client()
    client.force_login(world.member)
    month = milestone.latest_start.strftime("%Y-%m")
    response = client.get(reverse("stakeholders:partner-dashboard"), {"month": month})
    calendar = response.context["dashboard"].calendar
    cells = {cell.day: cell for week in calendar.weeks for cell in week}
    starting = cells[milestone.latest_start].starting
    assert [item.milestone for item in starting] == [milestone]
    html = response.content.decode()
    assert '<th scope="col"><abbr title="Monday">Mon</abbr></th>' in html
    assert milestone.latest_start.strftime("%B %Y") in html
    previous = calendar.previous.strftime("%Y-%m")
    assert f'href="?month={previous}"' in html


def test_a_bad_month_shows_this_month_and_says_so():
    world = SupplierWorld(1, milestones_each=1)
    client = Client()
    client.force_login(world.member)
    response = client.get(reverse("stakeholders:partner-dashboard"), {"month": "2027-13"})
    assert response.status_code == 200
    assert "is not a month" in response.content.decode()
    assert response.context["dashboard"].calendar.month == world.member.today().replace(day=1)


def test_removed_and_lapsed_grants_leave_the_dashboard():
    world = SupplierWorld(2, milestones_each=1)
    first, second = (
        Stakeholder.objects.get(goal=goal, organization=world.organization) for goal in world.goals
    )
    stakeholder_remove(stakeholder=first, by=world.goals[0].owner)
    Stakeholder.objects.filter(pk=second.pk).update(
        ends_on=timezone.localdate() - timedelta(days=1)
    )
    client = Client()
    client.force_login(world.member)
    html = client.get(reverse("stakeholders:partner-dashboard")).content.decode()
    assert "Apples 0" not in html and "Apples 1" not in html
    assert "No customer has invited your organisation" in html


def test_a_member_of_several_organisations_filters_by_one():
    world = SupplierWorld(1, milestones_each=1)
    tutors, tutor_admin = organization_with_admin("Tutors Inc", admin=world.member, kind="tutor")
    owner = UserFactory(display_name="Learner")
    goal = goal_create(by=owner, title="Certificate", target_date=date(2027, 6, 1))
    milestone_create(goal=goal, by=goal.owner, title="Project")
    invite_organization(goal, owner, tutors, tutor_admin, role="tutor")
    client = Client()
    client.force_login(world.member)
    both = client.get(reverse("stakeholders:partner-dashboard")).content.decode()
    assert "Certificate" in both and "Apples 0" in both
    assert 'name="organization"' in both
    only = client.get(
        reverse("stakeholders:partner-dashboard"), {"organization": tutors.slug}
    ).content.decode()
    assert "Certificate" in only and "Apples 0" not in only
    unknown = client.get(reverse("stakeholders:partner-dashboard"), {"organization": "not-mine"})
    assert "You are not a member of that organisation" in unknown.content.decode()


@pytest.mark.parametrize("month", ["", "2027-03"])
def test_the_partner_dashboard_makes_the_same_queries_for_small_and_large_data(month):
    counts = []
    for customers in (1, 12):
        world = SupplierWorld(
            customers, milestones_each=3 if customers > 1 else 1, name=f"Supplier {customers}"
        )
        client = Client()
        client.force_login(world.member)
        url = reverse("stakeholders:partner-dashboard") + (f"?month={month}" if month else "")
        # Their organisations, kept (as after any earlier view), under their row's version.
        member_organizations(type(world.member).objects.get(pk=world.member.pk))
        drawn = _count_queries(client, url)
        kept = _count_queries(client, url)  # the body from the cache: no milestone read
        counts.append((drawn, kept))
        assert kept == drawn - 4  # the grants as rows, their scope, two milestone reads
        if month:
            calendar = partner_dashboard_for(
                user=world.member, today=world.member.today(), month=date(2027, 3, 1)
            ).calendar
            entries = sum(len(cell.starting) for week in calendar.weeks for cell in week)
            assert entries == customers * (3 if customers > 1 else 1)
    assert counts[0] == counts[1]


def test_a_pending_invitation_older_than_its_link_says_the_link_expired(world):
    Stakeholder.objects.filter(pk=world.pending.pk).update(
        invited_at=timezone.now() - timedelta(days=20)
    )
    html = (
        world.client("owner")
        .get(reverse("stakeholders:list", args=[world.goal.pk]))
        .content.decode()
    )
    item = html.split(f'id="stakeholder-{world.pending.pk}"', 1)[1].split("</li>", 1)[0]
    assert "the link expired on" in item


def test_an_htmx_change_with_errors_keeps_the_form_open_in_the_panel(world):
    target = world.rows["view"]
    response = world.client("owner").post(
        reverse("stakeholders:edit", args=[target.pk]),
        change_data(target, ends_on="2001-01-01"),
        **HTMX,
    )
    html = response.content.decode()
    assert response.status_code == 200
    assert html.lstrip().startswith('<div id="stakeholders-panel"')
    item = html.split(f'id="stakeholder-{target.pk}"', 1)[1].split("</li>", 1)[0]
    assert '<details class="stakeholder-change" open>' in item
    assert "The end date is in the past." in item
