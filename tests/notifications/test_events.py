"""Events from the other apps reach the right people once, through the pages they use:
invitations received and answered, advice on my milestone, a reply to my thread, a
mention, my answer accepted, a moderator's decision on my post."""

from datetime import date

import pytest
from django.urls import reverse

from community.models import Flag
from community.moderation.actions import content_hide, flags_dismiss
from community.moderation.flags import flag_create
from community.services import (
    community_create,
    community_join,
    moderator_appoint,
    post_create,
    thread_create,
)
from ecosystem.notifications.models import Kind, Notification, NotificationPreference
from goals.services import goal_create
from milestones.services import milestone_create
from partners.services import organization_create
from stakeholders.lifecycle import invitation_token, stakeholder_answer
from stakeholders.services import stakeholder_invite
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


def told(person, kind=None):
    found = Notification.objects.filter(recipient=person)
    if kind is not None:
        found = found.filter(kind=kind)
    return list(found.order_by("id"))


def signed_in(client, person):
    client.force_login(person)
    return client


# --- A goal's ecosystem ---------------------------------------------------------------------


@pytest.fixture
def goal(customer):
    return goal_create(by=customer, title="Gala apples", target_date=date(2027, 3, 1))


@pytest.fixture
def order(goal, customer):
    return milestone_create(goal=goal, by=customer, title="Order fertiliser", duration_days=1)


@pytest.fixture
def tutor(db):
    return UserFactory(email="tutor@example.org", display_name="Tui Tutor")


def test_a_registered_invitee_is_told_in_the_app_and_the_link_opens_the_invitation(
    client, customer, goal, tutor
):
    stakeholder_invite(goal=goal, by=customer, email="Tutor@example.org", role="tutor")
    stakeholder_invite(goal=goal, by=customer, email="stranger@example.org", role="peer")

    (notice,) = told(tutor, Kind.INVITATION_RECEIVED)
    assert notice.title == "Casey Customer invites you to help with “Gala apples”"
    page = signed_in(client, tutor).get(notice.link)
    assert page.status_code == 200 and "Gala apples" in page.content.decode()
    assert Notification.objects.filter(kind=Kind.INVITATION_RECEIVED).count() == 1


def test_an_organisations_admins_are_told_of_its_invitation(customer, goal):
    admin = UserFactory(display_name="Pat Partner")
    supplier = organization_create(by=admin, name="Orchard Supplies", kind="supplier")
    stakeholder_invite(goal=goal, by=customer, organization=supplier, role="supplier")
    assert len(told(admin, Kind.INVITATION_RECEIVED)) == 1


@pytest.mark.parametrize(
    ("answer", "kind"), [("accept", "invitation_accepted"), ("decline", "invitation_declined")]
)
def test_the_owner_is_told_when_an_invitation_is_answered_on_its_page(
    client, customer, goal, tutor, answer, kind, django_capture_on_commit_callbacks, mailoutbox
):
    stakeholder = stakeholder_invite(goal=goal, by=customer, email=tutor.email, role="tutor")
    with django_capture_on_commit_callbacks(execute=True):
        response = signed_in(client, tutor).post(
            reverse("stakeholders:invitation", args=[invitation_token(stakeholder)]),
            {"answer": answer},
        )
    assert response.status_code == 302

    (notice,) = told(customer, kind)
    verb = "accepted" if answer == "accept" else "declined"
    assert notice.title == f"Tui Tutor {verb} your invitation to “Gala apples”"
    assert notice.link == reverse("stakeholders:list", args=[goal.pk])
    # Answers are emailed by default: the owner wants to know who joined.
    assert [message.subject for message in mailoutbox if customer.email in message.to] == [
        f"[Ecosystem] {notice.title}"
    ]


def test_advice_on_my_milestone_tells_me_not_its_author(client, customer, goal, order, tutor):
    stakeholder = stakeholder_invite(
        goal=goal, by=customer, email=tutor.email, role="tutor", access="comment"
    )
    stakeholder_answer(token=invitation_token(stakeholder), user=tutor, accept=True)

    response = signed_in(client, tutor).post(
        reverse("stakeholders:advice-post", args=[order.pk]),
        {f"advice-{order.pk}-body": "Order **early**: prices rise in spring."},
    )
    assert response.status_code in (200, 302)
    signed_in(client, customer).post(
        reverse("stakeholders:advice-post", args=[order.pk]),
        {f"advice-{order.pk}-body": "Noted, thanks."},
    )

    (notice,) = told(customer, Kind.ADVICE_POSTED)
    assert notice.title == "Tui Tutor left advice on “Order fertiliser”"
    assert notice.body == "Order **early**: prices rise in spring."  # plain text, escaped
    assert told(tutor, Kind.ADVICE_POSTED) == []
    centre = client.get(reverse("notifications:centre")).content.decode()
    assert "Order **early**: prices rise in spring." in centre and "<strong>" not in centre


def test_a_contributor_completing_my_milestone_tells_me_and_my_own_completion_does_not(
    client, customer, goal, order, tutor
):
    stakeholder = stakeholder_invite(
        goal=goal, by=customer, email=tutor.email, role="tutor", access="contribute"
    )
    stakeholder_answer(token=invitation_token(stakeholder), user=tutor, accept=True)
    other = milestone_create(goal=goal, by=customer, title="Prune", duration_days=1)

    response = signed_in(client, tutor).post(
        reverse("goals:milestone-status", args=[order.pk]), {"status": "done"}
    )
    assert response.status_code in (200, 302)
    signed_in(client, customer).post(
        reverse("goals:milestone-status", args=[other.pk]), {"status": "done"}
    )

    (notice,) = told(customer, Kind.MILESTONE_DONE)
    assert notice.title == "Tui Tutor marked “Order fertiliser” done"
    assert notice.target_id == order.pk
    assert told(tutor, Kind.MILESTONE_DONE) == []


# --- Communities ----------------------------------------------------------------------------


@pytest.fixture
def growers(staff_user):
    return community_create(by=staff_user, name="Apple growers", purpose="Grow better apples")


def member_of(community, **fields):
    person = UserFactory(**fields)
    community_join(community=community, user=person)
    return person


def test_a_reply_tells_the_threads_author_once_and_never_the_replier(client, growers):
    asker = member_of(growers, display_name="Ari Asker")
    helper = member_of(growers, display_name="Hana Helper")
    thread = thread_create(
        community=growers, author=asker, title="When to thin Gala?", kind="question",
        body="Fruitlets are 10mm now.",
    )  # fmt: skip

    response = signed_in(client, helper).post(
        reverse("community:reply", args=[thread.pk]), {"body": "Thin at 12mm."}
    )
    assert response.status_code == 302
    signed_in(client, asker).post(reverse("community:reply", args=[thread.pk]), {"body": "Thanks!"})

    (notice,) = told(asker, Kind.THREAD_REPLY)
    assert notice.title == "Hana Helper replied to “When to thin Gala?”"
    assert notice.link.startswith(reverse("community:thread", args=[thread.pk]))
    assert told(helper) == []


def test_a_mention_tells_those_who_may_read_the_thread(client, growers, staff_user):
    author = member_of(growers, display_name="Ari Author", handle="ari")
    mentioned = member_of(growers, display_name="Mere Member", handle="mere")
    outsider = UserFactory(display_name="Olly Outsider", handle="olly")
    private = community_create(
        by=staff_user, name="Certificate cohort", purpose="Study", visibility="members_only"
    )

    thread_create(
        community=growers, author=author, title="Bins", kind="discussion",
        body="@mere @olly @ari what bins do you use?",
    )  # fmt: skip
    assert [n.title for n in told(mentioned, Kind.MENTION)] == [
        "Ari Author mentioned you in “Bins”"
    ]
    assert len(told(outsider, Kind.MENTION)) == 1  # a public community: anyone signed in reads it
    assert told(author) == []

    secret = thread_create(
        community=private, author=staff_user, title="Exam tips", kind="tip", body="Hi @olly",
    )  # fmt: skip
    assert [n.target_id for n in told(outsider, Kind.MENTION)] != [secret.posts.get().pk]
    assert len(told(outsider, Kind.MENTION)) == 1  # cannot read the private one: not told


def test_an_edit_that_adds_a_mention_tells_only_the_new_person_once(client, growers):
    author = member_of(growers, display_name="Ari Author")
    first = member_of(growers, handle="first")
    second = member_of(growers, handle="second")
    thread = thread_create(
        community=growers, author=author, title="Bins", kind="discussion", body="Question",
    )  # fmt: skip
    post = post_create(thread=thread, author=author, body="Hello @first")
    client = signed_in(client, author)
    client.post(reverse("community:post-edit", args=[post.pk]), {"body": "Hello @first @second"})
    client.post(reverse("community:post-edit", args=[post.pk]), {"body": "Hi @first @second!"})
    assert len(told(first, Kind.MENTION)) == 1
    assert len(told(second, Kind.MENTION)) == 1


def test_the_threads_author_mentioned_in_a_reply_gets_one_notification(growers):
    asker = member_of(growers, display_name="Ari Asker", handle="ari")
    helper = member_of(growers, display_name="Hana Helper")
    thread = thread_create(
        community=growers, author=asker, title="Bins", kind="question", body="Which bins?",
    )  # fmt: skip
    post_create(thread=thread, author=helper, body="@ari plastic ones")
    assert [n.kind for n in told(asker)] == [Kind.THREAD_REPLY]


def test_an_accepted_answer_tells_its_author(client, growers):
    asker = member_of(growers, display_name="Ari Asker")
    helper = member_of(growers, display_name="Hana Helper")
    thread = thread_create(
        community=growers, author=asker, title="When to thin?", kind="question", body="?",
    )  # fmt: skip
    answer = post_create(thread=thread, author=helper, body="At 12mm.")

    response = signed_in(client, asker).post(
        reverse("community:accept", args=[thread.pk, answer.pk])
    )
    assert response.status_code in (200, 302)

    (notice,) = told(helper, Kind.ANSWER_ACCEPTED)
    assert notice.title == "Your answer to “When to thin?” was accepted"


def test_the_author_is_told_of_flags_hiding_their_post_and_of_the_moderators_decision(
    growers, staff_user, settings
):
    settings.MODERATION_FLAG_THRESHOLD = 2
    author = member_of(growers, display_name="Ari Author")
    moderator = member_of(growers, display_name="Moana Moderator")
    moderator_appoint(community=growers, user=moderator, by=staff_user)
    thread = thread_create(
        community=growers, author=member_of(growers), title="Bins", kind="discussion", body="?",
    )  # fmt: skip
    post = post_create(thread=thread, author=author, body="Cheap pills here")
    for _ in range(2):
        flag_create(by=member_of(growers), post=post, reason=Flag.Reason.SPAM)
    content_hide(by=moderator, post=post, reason="Selling pills, not about apples")

    titles = [(n.title, n.body) for n in told(author, Kind.FLAG_OUTCOME)]
    assert titles == [
        ("Flags hid your post in “Bins” until a moderator reviews it", titles[0][1]),
        ("A moderator hid your post in “Bins”", "Reason: Selling pills, not about apples"),
    ]


def test_dismissed_flags_tell_the_author_their_post_is_back(growers, staff_user, settings):
    settings.MODERATION_FLAG_THRESHOLD = 1
    author = member_of(growers, display_name="Ari Author")
    thread = thread_create(
        community=growers, author=author, title="Bins", kind="discussion", body="Plastic bins",
    )  # fmt: skip
    flag_create(by=member_of(growers), post=thread.posts.get(), reason=Flag.Reason.SPAM)
    flags_dismiss(by=staff_user, post=thread.posts.get(), reason="Fine")
    assert told(author, Kind.FLAG_OUTCOME)[-1].title == (
        "Moderators found nothing wrong with your post in “Bins”"
    )


def test_events_follow_the_recipients_preferences(growers):
    asker = member_of(growers, display_name="Ari Asker")
    NotificationPreference.objects.create(user=asker, kind=Kind.THREAD_REPLY, channel="off")
    thread = thread_create(
        community=growers, author=asker, title="Bins", kind="question", body="?",
    )  # fmt: skip
    post_create(thread=thread, author=member_of(growers), body="Plastic")
    assert told(asker) == []
