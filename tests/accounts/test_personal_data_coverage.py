"""Every table that points at a person is in "Download my data", or says here why not.

A new model with a foreign key to the user fails this test until its app exports it
(`<app>/personal_data.py`) or it is waived below with a reason."""

import pytest
from django.apps import apps
from django.contrib.auth import get_user_model

from ecosystem.accounts.data_export import sections
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db

_STAFF = "staff acting in their role: the moderation record, not the person's own data"
_SECRET = "a credential: never written into a file that may be mailed or left on a disk"
# (model, field) -> why the export leaves it out.
WAIVED = {
    ("admin.LogEntry", "user"): _STAFF,
    ("authtoken.Token", "user"): _SECRET,
    ("goals.CalendarFeed", "user"): _SECRET,
    ("accounts.User_groups", "user"): "staff permissions: the platform's configuration",
    ("accounts.User_user_permissions", "user"): "staff permissions: the platform's configuration",
    ("accounts.DataExport", "user"): "the exports themselves: each zip is what it holds",
    ("audit.AuditEvent", "actor"): "the platform's security record of changes, kept for all",
    ("notifications.Digest", "recipient"): "which notifications went in which daily email; "
    "the notifications themselves are exported",
    ("partners.PartnerOrganization", "created_by"): "the organisation's record; the person's "
    "membership of it is exported",
    ("partners.PartnerOrganization", "verified_by"): _STAFF,
    ("partners.Membership", "invited_by"): "the organisation's membership record",
    ("stakeholders.Stakeholder", "invited_by"): "only a goal's owner invites: the "
    "stakeholders of their goals are exported (stakeholders_of_my_goals)",
    ("community.Community", "created_by"): _STAFF,
    ("community.PostRevision", "edited_by"): "earlier wordings of posts; the posts are exported",
    ("community.Flag", "resolved_by"): _STAFF,
    ("community.ModerationAction", "actor"): _STAFF,
    ("community.ModerationAction", "subject"): "the moderators' record; what reached the "
    "person (their suspensions) is exported",
    ("community.Suspension", "suspended_by"): _STAFF,
    ("community.PeerBlock", "blocked"): "another person's private choice: telling would reveal it",
    ("community.PeerSuggestion", "peer"): "suggestions made to other people",
    ("community.PeerMessage", "hidden_by"): _STAFF,
    ("community.PeerReport", "subject"): "another person's confidential report",
    ("community.PeerReport", "resolved_by"): _STAFF,
    ("voice.IdeaFlag", "resolved_by"): _STAFF,
    ("voice.Need", "created_by"): _STAFF,
    ("voice.Idea", "status_changed_by"): _STAFF,
    ("voice.Idea", "hidden_by"): _STAFF,
}


def _person_fields():
    user_model = get_user_model()
    for model in apps.get_models(include_auto_created=True):
        if model._meta.proxy:
            continue
        for field in model._meta.get_fields(include_hidden=True):
            if field.is_relation and field.concrete and field.related_model is user_model:
                yield model, field


def _exported_fields(user) -> set[tuple[str, str]]:
    """(model, field) pairs that some section of the export filters on."""
    exported = set()
    for rows in sections(user=user).values():
        model = rows.model
        where = str(rows.query).partition(" WHERE ")[2]
        for candidate, field in _person_fields():
            column = f'"{candidate._meta.db_table}"."{field.column}"'
            if candidate is model and column in where:
                exported.add((model._meta.label, field.name))
    return exported


def test_every_table_pointing_at_a_person_is_exported_or_waived_with_a_reason():
    exported = _exported_fields(UserFactory())

    missing = [
        f"{model._meta.label}.{field.name}"
        for model, field in _person_fields()
        if (model._meta.label, field.name) not in exported
        and (model._meta.label, field.name) not in WAIVED
    ]

    assert missing == []


def test_no_waiver_is_left_for_a_table_that_is_gone_or_now_exported():
    exported = _exported_fields(UserFactory())
    pointing = {(model._meta.label, field.name) for model, field in _person_fields()}

    assert sorted(set(WAIVED) - pointing) == []
    assert sorted(set(WAIVED) & exported) == []
