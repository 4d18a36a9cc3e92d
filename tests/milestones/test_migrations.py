"""The offsets backfill: a goal's milestone copied from a playbook rule whose date still is
the target less that rule's offset follows the target from then on; one whose date was
changed since, or that has no rule, stays as it is. The demo regions get their country and
subdivision. Rows are written at the state before, then the real migrations run forward."""

from datetime import date

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

pytestmark = pytest.mark.django_db(transaction=True)

BEFORE = [
    ("milestones", "0002_reminder_bookkeeping_and_partial_sweep_indexes"),
    ("reference", "0001_initial"),
    ("goals", "0003_playbook_organization"),
]


def migrate(targets):
    """Migrate to `targets`; the models of the state the database is then in."""
    MigrationExecutor(connection).migrate(targets)
    loader = MigrationExecutor(connection).loader
    return loader.project_state(list(loader.applied_migrations)).apps


def latest():
    return MigrationExecutor(connection).loader.graph.leaf_nodes()


@pytest.fixture
def before_offsets():
    apps = migrate(BEFORE)
    try:
        yield apps
    finally:
        migrate(latest())


def test_rules_still_on_their_offset_follow_the_target_and_others_stay(before_offsets):
    apps = before_offsets
    User = apps.get_model("accounts", "User")
    Goal = apps.get_model("goals", "Goal")
    Playbook = apps.get_model("goals", "Playbook")
    PlaybookMilestone = apps.get_model("goals", "PlaybookMilestone")
    Milestone = apps.get_model("milestones", "Milestone")
    Region = apps.get_model("reference", "Region")

    owner = User.objects.create(email="owner@example.org", handle="owner", display_name="Owner")
    playbook = Playbook.objects.create(title="Orchard season")
    rule = PlaybookMilestone.objects.create(
        playbook=playbook, title="Export documents", offset_days_before_target=14
    )
    plain = PlaybookMilestone.objects.create(playbook=playbook, title="Prune")
    goal = Goal.objects.create(owner=owner, title="Gala", target_date=date(2027, 3, 5))
    following = Milestone.objects.create(
        goal=goal, title="Export documents", source=rule, must_finish_by=date(2027, 2, 19)
    )
    moved_by_hand = Milestone.objects.create(
        goal=goal, title="Export documents (moved)", source=rule, must_finish_by=date(2027, 2, 26)
    )
    no_rule = Milestone.objects.create(goal=goal, title="Prune", source=plain)
    own = Milestone.objects.create(goal=goal, title="Own", must_finish_by=date(2027, 2, 19))
    hawkes_bay = Region.objects.create(slug="hawkes-bay", name="Hawke's Bay")
    online = Region.objects.create(slug="online", name="Online")

    apps = migrate(latest())

    Milestone = apps.get_model("milestones", "Milestone")
    offsets = dict(Milestone.objects.values_list("pk", "finish_offset_days"))
    assert offsets == {following.pk: 14, moved_by_hand.pk: None, no_rule.pk: None, own.pk: None}
    assert Milestone.objects.get(pk=moved_by_hand.pk).must_finish_by == date(2027, 2, 26)
    Region = apps.get_model("reference", "Region")
    assert Region.objects.values_list("country_code", "subdivision_code").get(pk=hawkes_bay.pk) == (
        "NZ",
        "HKB",
    )
    assert Region.objects.values_list("country_code", "subdivision_code").get(pk=online.pk) == (
        "",
        "",
    )
    assert apps.get_model("goals", "Playbook").objects.get().working_weekdays == [
        1,
        2,
        3,
        4,
        5,
        6,
        7,
    ]
