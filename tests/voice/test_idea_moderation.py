"""Flags and moderation on the ideas board, the way community posts work: anyone signed
in who sees an idea or a comment flags it once; community's threshold hides it pending
review; staff decide from the moderation queue (hide, restore, dismiss), each decision in
the moderation log with its audit row, the author told."""

from datetime import timedelta

import pytest
from django.utils import timezone

from community.models import ModerationAction
from community.moderation import person_suspend
from ecosystem.audit.models import AuditEvent
from ecosystem.notifications.models import Notification
from tests.conftest import api_for, assert_max_queries, client_for
from tests.factories import UserFactory
from voice.models import Idea, IdeaComment, IdeaFlag
from voice.services.ideas import idea_comment, idea_post

pytestmark = pytest.mark.django_db


def flag(user, idea, reason="spam", **extra):
    return api_for(user).post(f"/api/v1/ideas/{idea.pk}/flag/", {"reason": reason, **extra})


def told(user) -> list[str]:
    return list(
        Notification.objects.filter(recipient=user, kind="flag_outcome")
        .order_by("id")
        .values_list("title", flat=True)
    )


def test_flags_hide_an_idea_at_communitys_threshold_and_staff_dismiss_them(
    settings, customer, other_customer, staff
):
    settings.MODERATION_FLAG_THRESHOLD = 2
    idea = idea_post(by=customer, title="Cheaper seed")
    third = UserFactory()
    assert flag(other_customer, idea, note="looks like an ad").status_code == 201
    assert api_for(third).get(f"/api/v1/ideas/{idea.pk}/").status_code == 200
    assert flag(third, idea, reason="off_topic").status_code == 201
    # Two distinct people: hidden from everyone but its author and staff, pending review.
    assert api_for(UserFactory()).get(f"/api/v1/ideas/{idea.pk}/").status_code == 404
    assert api_for(customer).get(f"/api/v1/ideas/{idea.pk}/").status_code == 200
    assert "Hidden after flags" in client_for(customer).get(f"/ideas/{idea.pk}/").content.decode()
    assert told(customer) == ["Flags hid your idea “Cheaper seed” until staff review it"]

    # Staff see it in the moderation queue they already use, with what the flaggers said.
    queue = client_for(staff).get("/moderation/").content.decode()
    assert "The idea “Cheaper seed”" in queue and "looks like an ad" in queue
    listed = api_for(staff).get("/api/v1/ideas/moderation/").json()["results"]
    assert [(row["kind"], row["id"], len(row["flags"])) for row in listed] == [
        ("ideas", idea.pk, 2)
    ]

    # Nothing wrong: the flags are dismissed and the idea shows again.
    response = client_for(staff).post(
        f"/ideas/moderation/ideas/{idea.pk}/act/",
        {f"ideas-{idea.pk}-action": "dismiss", "next": "/moderation/"},
    )
    assert response.status_code == 302 and response.url == "/moderation/"
    assert api_for(UserFactory()).get(f"/api/v1/ideas/{idea.pk}/").status_code == 200
    assert set(IdeaFlag.objects.values_list("outcome", flat=True)) == {"dismissed"}
    entry = ModerationAction.objects.get(action="dismiss")
    assert entry.actor == staff and entry.subject == customer
    assert entry.item_url == f"/ideas/{idea.pk}/" and entry.item_label == "Cheaper seed"
    assert AuditEvent.objects.filter(verb="moderation.dismiss", actor=staff).count() == 1
    assert told(customer)[-1] == "Staff found nothing wrong with your idea “Cheaper seed”"
    # The log staff read names and links it; the queue is empty again.
    log = client_for(staff).get("/moderation/log/").content.decode()
    assert f'href="/ideas/{idea.pk}/"' in log
    assert api_for(staff).get("/api/v1/ideas/moderation/").json()["results"] == []


def test_who_may_flag_and_who_decides(customer, other_customer, staff):
    idea = idea_post(by=customer, title="Cheaper seed")
    assert flag(customer, idea).json()["fields"].keys() == {"reason"}  # one's own
    assert flag(other_customer, idea, reason="rude").json()["fields"].keys() == {"reason"}
    assert flag(other_customer, idea).status_code == 201
    again = flag(other_customer, idea)
    assert again.status_code == 400 and "already flagged" in str(again.json())
    assert api_for().post(f"/api/v1/ideas/{idea.pk}/flag/", {"reason": "spam"}).status_code == 401
    suspended = UserFactory()
    person_suspend(
        by=staff, subject=suspended, reason="spam", until=timezone.now() + timedelta(days=1)
    )
    assert flag(suspended, idea).status_code == 403
    # Deciding is staff's: refused before the input is read.
    decide = f"/api/v1/ideas/moderation/ideas/{idea.pk}/"
    assert api_for(other_customer).post(decide, {}).status_code == 403
    assert api_for(other_customer).get("/api/v1/ideas/moderation/").status_code == 403
    assert client_for(other_customer).get("/ideas/moderation/").status_code == 403
    assert api_for(staff).post(decide, {"action": "hide"}).json()["fields"].keys() == {"reason"}
    assert api_for(staff).post(decide, {"action": "lock"}).json()["fields"].keys() == {"action"}
    assert api_for(staff).post(f"/api/v1/ideas/moderation/posts/{idea.pk}/", {}).status_code == 404
    assert api_for(staff).post(f"/api/v1/ideas/{idea.pk + 99}/flag/", {}).status_code == 404


def test_a_comment_is_flagged_on_the_page_and_staff_hide_then_restore_it(
    customer, other_customer, staff
):
    idea = idea_post(by=customer, title="Cheaper seed")
    comment = idea_comment(idea=idea, by=other_customer, body="Buy *my* seed at example.com")
    page = client_for(customer).get(f"/ideas/{idea.pk}/").content.decode()
    assert "Flag this comment" in page and f'id="comment-{comment.pk}"' in page
    bad = client_for(customer).post(
        f"/ideas/{idea.pk}/", {"action": "flag", "comment": comment.pk, "reason": "nope"}
    )
    assert bad.status_code == 400
    flagged = client_for(customer).post(
        f"/ideas/{idea.pk}/", {"action": "flag", "comment": comment.pk, "reason": "spam"}
    )
    assert flagged.status_code == 302
    assert IdeaFlag.objects.get().comment == comment
    assert (
        "Flag this comment" not in client_for(customer).get(f"/ideas/{idea.pk}/").content.decode()
    )
    assert (
        client_for(customer)
        .post(f"/ideas/{idea.pk}/", {"action": "flag", "comment": 999999, "reason": "spam"})
        .status_code
        == 404
    )

    decided = api_for(staff).post(
        f"/api/v1/ideas/moderation/comments/{comment.pk}/",
        {"action": "hide", "reason": "An advertisement"},
    )
    assert decided.status_code == 200
    assert decided.json()["item_label"] == "A comment on “Cheaper seed”"
    comments = api_for(customer).get(f"/api/v1/ideas/{idea.pk}/comments/").json()["results"]
    assert comments == []
    # Its author still sees it, marked, and hears why.
    own = client_for(other_customer).get(f"/ideas/{idea.pk}/").content.decode()
    assert "Buy" in own and "Hidden" in own
    assert told(other_customer) == ["Staff hid your comment on “Cheaper seed”"]
    assert Notification.objects.get(recipient=other_customer).body == "Reason: An advertisement"
    assert IdeaFlag.objects.get().outcome == "upheld"

    restored = api_for(staff).post(
        f"/api/v1/ideas/moderation/comments/{comment.pk}/", {"action": "restore"}
    )
    assert restored.status_code == 200
    assert len(api_for(customer).get(f"/api/v1/ideas/{idea.pk}/comments/").json()["results"]) == 1
    again = api_for(staff).post(
        f"/api/v1/ideas/moderation/comments/{comment.pk}/", {"action": "restore"}
    )
    assert again.status_code == 400
    assert list(ModerationAction.objects.order_by("id").values_list("action", flat=True)) == [
        "hide",
        "restore",
    ]
    assert AuditEvent.objects.filter(verb__startswith="moderation.").count() == 2


def test_a_refused_decision_on_the_page_says_why(customer, other_customer, staff):
    idea = idea_post(by=customer, title="Cheaper seed")
    flag(other_customer, idea)
    response = client_for(staff).post(
        f"/ideas/moderation/ideas/{idea.pk}/act/", {f"ideas-{idea.pk}-action": "hide"}
    )
    assert response.status_code == 400
    assert "Say why, so the author understands." in response.content.decode()
    assert Idea.objects.get().hidden_at is None


def test_staff_hiding_from_the_idea_page_is_a_logged_decision(customer, staff):
    idea = idea_post(by=customer, title="Cheaper seed")
    assert client_for(staff).post(f"/ideas/{idea.pk}/", {"action": "hide"}).status_code == 302
    assert client_for(staff).post(f"/ideas/{idea.pk}/", {"action": "hide"}).status_code == 302
    assert client_for(staff).post(f"/ideas/{idea.pk}/", {"action": "show"}).status_code == 302
    assert list(ModerationAction.objects.order_by("id").values_list("action", flat=True)) == [
        "hide",
        "restore",
    ]


def test_what_flaggers_and_authors_wrote_stays_escaped_in_the_queue(
    customer, other_customer, staff
):
    idea = idea_post(by=customer, title="<script>alert(1)</script>")
    flag(other_customer, idea, note="<script>alert(2)</script>")
    for page in (
        client_for(staff).get("/moderation/").content.decode(),
        client_for(staff).get("/ideas/moderation/").content.decode(),
    ):
        assert "<script>alert" not in page and "onerror" not in page
        assert "&lt;script&gt;alert(2)&lt;/script&gt;" in page


@pytest.mark.parametrize("size", [1, 6])
def test_the_queue_costs_the_same_whatever_its_length(customer, staff, size):
    for n in range(size):
        idea = idea_post(by=customer, title=f"Idea {n}")
        comment = idea_comment(idea=idea, by=customer, body="a comment")
        for _flagger in range(2):
            someone = UserFactory()
            flag(someone, idea)
            api_for(someone).post(f"/api/v1/ideas/comments/{comment.pk}/flag/", {"reason": "abuse"})
    assert IdeaComment.objects.count() == size
    client, api = client_for(staff), api_for(staff)
    with assert_max_queries(6):
        assert client.get("/ideas/moderation/").status_code == 200
    with assert_max_queries(8):
        assert client.get("/moderation/").status_code == 200
    with assert_max_queries(3):
        assert api.get("/api/v1/ideas/moderation/").status_code == 200


def test_an_idea_flag_is_community_s_flag_with_its_own_targets_and_staff_wording(
    customer, other_customer
):
    from community.models import AbstractFlag, Flag
    from voice.moderation.services import idea_flag

    idea = idea_post(by=other_customer, title="Buy my apples cheap")
    flag = idea_flag(by=customer, reason=IdeaFlag.Reason.SPAM, idea=idea)

    assert isinstance(flag, AbstractFlag) and IdeaFlag.Reason is Flag.Reason
    assert str(flag) == f"{customer} flagged {idea} (spam)"
    assert flag.target == idea
    assert IdeaFlag._meta.get_field("outcome_note").verbose_name == "what staff did"
    assert Flag._meta.get_field("outcome_note").verbose_name == "what the moderator did"
    assert list(customer.idea_flags_raised.all()) == [flag]
    assert list(customer.flags_raised.all()) == []  # community's flags, a separate table
