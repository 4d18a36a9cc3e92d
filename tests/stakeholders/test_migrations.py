"""Moving the goal's ecosystem out of partners/ keeps every row: stakeholders (with their
milestone scope), advice, and the content types audit rows point at, on SQLite and
PostgreSQL alike. Rows are written at the last state before the move, then the real
migrations run forward (and back, and forward again)."""

from datetime import date

import pytest
from django.db import IntegrityError, connection, transaction
from django.db.migrations.executor import MigrationExecutor

pytestmark = pytest.mark.django_db(transaction=True)

BEFORE = [("partners", "0003_stakeholders_and_advice"), ("stakeholders", None)]
MOVED_TABLES = {
    "partners_stakeholder": "stakeholders_stakeholder",
    "partners_stakeholder_milestones": "stakeholders_stakeholder_milestones",
    "partners_advice": "stakeholders_advice",
}


def migrate(targets):
    """Migrate to `targets`; the models of the state the database is then in."""
    MigrationExecutor(connection).migrate(targets)
    loader = MigrationExecutor(connection).loader
    return loader.project_state(list(loader.applied_migrations)).apps


def latest():
    return MigrationExecutor(connection).loader.graph.leaf_nodes()


def tables() -> set[str]:
    with connection.cursor() as cursor:
        return set(connection.introspection.table_names(cursor))


@pytest.fixture
def before_the_move():
    apps = migrate(BEFORE)
    try:
        yield apps
    finally:
        migrate(latest())


def ecosystem_at(apps) -> dict:
    """Rows written through the models of the state before the move."""
    User = apps.get_model("accounts", "User")
    Goal = apps.get_model("goals", "Goal")
    Milestone = apps.get_model("milestones", "Milestone")
    Organization = apps.get_model("partners", "PartnerOrganization")
    Stakeholder = apps.get_model("partners", "Stakeholder")
    Advice = apps.get_model("partners", "Advice")
    ContentType = apps.get_model("contenttypes", "ContentType")

    owner = User.objects.create(email="owner@example.org", handle="owner", display_name="Owner")
    tutor = User.objects.create(email="tutor@example.org", handle="tutor", display_name="Tutor")
    goal = Goal.objects.create(owner=owner, title="Gala apples", target_date=date(2027, 3, 1))
    order = Milestone.objects.create(goal=goal, title="Order fertiliser")
    prune = Milestone.objects.create(goal=goal, title="Winter pruning")
    supplier = Organization.objects.create(name="Bay Supplies", slug="bay", kind="supplier")
    person = Stakeholder.objects.create(
        goal=goal,
        user=tutor,
        email="tutor@example.org",
        role="tutor",
        access="comment",
        status="active",
        ends_on=date(2027, 1, 31),
    )
    person.milestones.set([order, prune])
    organization = Stakeholder.objects.create(
        goal=goal, organization=supplier, role="supplier", status="invited", invitation_key="k"
    )
    advice = Advice.objects.create(
        milestone=order, author=tutor, body="Order early", body_html="<p>Order early</p>"
    )
    # The content types as a database migrated before the move has them.
    ContentType.objects.filter(app_label="stakeholders").delete()
    content_types = {
        model: ContentType.objects.get_or_create(app_label="partners", model=model)[0].pk
        for model in ("stakeholder", "advice")
    }
    return {
        "goal": goal.pk,
        "order": order.pk,
        "prune": prune.pk,
        "person": person.pk,
        "organization": organization.pk,
        "advice": advice.pk,
        "content_types": content_types,
    }


def test_every_stakeholder_scope_and_advice_row_survives_the_move(before_the_move):
    rows = ecosystem_at(before_the_move)
    assert set(MOVED_TABLES) <= tables()

    apps = migrate(latest())

    Stakeholder = apps.get_model("stakeholders", "Stakeholder")
    Advice = apps.get_model("stakeholders", "Advice")
    ContentType = apps.get_model("contenttypes", "ContentType")
    assert set(MOVED_TABLES.values()) <= tables()
    assert not set(MOVED_TABLES) & tables()
    person = Stakeholder.objects.get(pk=rows["person"])
    assert (person.role, person.access, person.status, person.ends_on) == (
        "tutor",
        "comment",
        "active",
        date(2027, 1, 31),
    )
    assert person.goal_id == rows["goal"]
    assert set(person.milestones.values_list("pk", flat=True)) == {rows["order"], rows["prune"]}
    organization = Stakeholder.objects.get(pk=rows["organization"])
    assert (organization.status, organization.organization.slug) == ("invited", "bay")
    advice = Advice.objects.get(pk=rows["advice"])
    assert (advice.milestone_id, advice.body) == (rows["order"], "Order early")
    for model, pk in rows["content_types"].items():
        assert ContentType.objects.get(pk=pk).app_label == "stakeholders", model
    connection.check_constraints()  # every foreign key, the scope table's included

    # The constraints came along under their new names: still one open invitation each.
    with pytest.raises(IntegrityError), transaction.atomic():
        Stakeholder.objects.create(
            goal_id=rows["goal"], organization=organization.organization, role="supplier"
        )
    # A new row and new scope go on after the moved ones.
    newcomer = Stakeholder.objects.create(
        goal_id=rows["goal"], email="peer@example.org", role="peer"
    )
    newcomer.milestones.add(rows["order"])
    assert newcomer.pk > max(rows["person"], rows["organization"])


def test_the_move_can_be_undone_and_done_again_without_losing_a_row(before_the_move):
    rows = ecosystem_at(before_the_move)
    migrate(latest())

    apps = migrate(BEFORE)
    Stakeholder = apps.get_model("partners", "Stakeholder")
    assert set(MOVED_TABLES) <= tables()
    assert Stakeholder.objects.get(pk=rows["person"]).milestones.count() == 2
    assert apps.get_model("partners", "Advice").objects.filter(pk=rows["advice"]).exists()

    apps = migrate(latest())
    assert apps.get_model("stakeholders", "Stakeholder").objects.count() == 2
    assert apps.get_model("stakeholders", "Advice").objects.count() == 1
    connection.check_constraints()
