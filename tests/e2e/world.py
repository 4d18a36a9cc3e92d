"""A demo-like world with one instance of every page type, for walking every page.

The demo data (`make run`'s) plus what the demo leaves out: a partner organisation invited
into the demo goal (with advice), a pending invitation, a flagged post, a logged
moderation action, a peer conversation with a report, a proposed community, a goal in the
trash, a partner's pending member invitation and a notification. `names` holds the ids
and slugs the page table fills its paths with; `people` the person of each role."""

from dataclasses import dataclass
from datetime import timedelta

from community.models import ModerationAction, Post, Thread
from community.moderation import flag_create, moderate
from community.peers.services import (
    introduction_accept,
    introduction_request,
    message_post,
    person_report,
)
from community.services import community_create, post_create
from ecosystem.demo import load_demo
from ecosystem.notifications.models import Kind
from ecosystem.notifications.tokens import unsubscribe_token
from goals.services import goal_create, goal_trash
from milestones.calendar_feed import calendar_feed_for
from milestones.services import task_create
from partners.services import member_invite
from stakeholders.lifecycle import invitation_token, stakeholder_answer
from stakeholders.services import advice_post, stakeholder_invite
from tests.factories import UserFactory
from voice.models import NeedAnswer
from voice.services.needs import need_add, needs_ask
from webhooks.services import endpoint_create


@dataclass
class World:
    people: dict  # role -> user (None for anonymous)
    names: dict  # placeholder -> id, slug or token


def build_world() -> World:
    demo = load_demo()
    customer, staff, partner, peer = demo["demo"], demo["staff"], demo["partner"], demo["peer"]
    goal = demo["goals"]["orchard"]
    milestone = goal.milestones.order_by("pk").first()
    task = milestone.tasks.first() or task_create(milestone=milestone, by=customer, title="Oil")
    organization = next(iter(demo["organizations"].values()))
    resource = organization.resources.order_by("pk").first()
    growers = demo["communities"]["growers"]
    question = Thread.objects.get(title="How early do you book bins?")
    answer = Post.objects.filter(thread=question, author=partner).first()

    # The partner's organisation, invited into the demo goal with comment access.
    invitation = stakeholder_invite(
        goal=goal, by=customer, organization=organization, role="supplier", access="comment"
    )
    row = stakeholder_answer(token=invitation_token(invitation), user=partner, accept=True)
    advice = advice_post(milestone=milestone, by=partner, body="Order **early** this year.")
    pending = stakeholder_invite(goal=goal, by=customer, email="tui@tutors.example", role="tutor")

    # Community: a flagged reply waiting in the queue, a hidden one in the log.
    flagged = post_create(thread=question, author=peer_member(growers), body="Cheap pills")
    flag_create(by=customer, post=flagged, reason="spam", note="Selling pills")
    hidden = post_create(thread=question, author=peer_member(growers), body="More pills")
    moderate(by=staff, action=ModerationAction.Action.HIDE, post=hidden, reason="Advertising")
    proposed = community_create(by=customer, name="Nelson cherry growers", purpose="Cherries")

    # Peers: a conversation between the customer and the peer, and a report about it.
    connection = introduction_accept(
        introduction=introduction_request(by=peer, recipient=customer, note="Hello"), by=customer
    )
    message = message_post(connection=connection, by=peer, body="How is your thinning going?")
    person_report(by=customer, subject=peer, reason="other", note="Testing", message=message)

    # The customer's voice: a need asked about once a step is done.
    need_add(by=customer, title="Sharp shears", milestone=milestone)
    needs_ask(milestone=milestone)
    need_answer = NeedAnswer.objects.filter(need__milestone=milestone).first()

    trashed = goal_create(
        by=customer, title="Last year's plan", target_date=customer.today() + timedelta(days=90)
    )
    goal_trash(goal=trashed, by=customer)
    endpoint, _secret = endpoint_create(
        organization=organization,
        by=partner,
        url="https://hooks.example.org/receive",
        events=["invitation.accepted"],
    )
    member_invitation = member_invite(organization=organization, by=partner, email=customer.email)
    customer.handle = customer.handle or "aroha"
    customer.save(update_fields=["handle"])

    return World(
        people={
            "anonymous": None,
            "customer": customer,
            "partner": partner,
            "staff": staff,
            "peer": peer,
        },
        names={
            "goal": goal.pk,
            "trashed": trashed.pk,
            "milestone": milestone.pk,
            "task": task.pk,
            "dependency": goal.dependencies.order_by("pk").first().pk,
            "playbook": goal.playbook_id,
            "organization": organization.slug,
            "resource": resource.pk,
            "community": growers.slug,
            "proposed": proposed.slug,
            "thread": question.pk,
            "post": answer.pk,
            "flagged": flagged.pk,
            "row": row.pk,
            "advice": advice.pk,
            "invitation": invitation_token(pending),
            "connection": connection.pk,
            "peer": peer.pk,
            "idea": demo["ideas"][0].pk,
            "need_answer": need_answer.pk if need_answer else 0,
            "membership": member_invitation.pk,
            "webhook": endpoint.pk,
            "handle": customer.handle,
            "feed": calendar_feed_for(customer).token,
            "unsubscribe": unsubscribe_token(user_id=customer.pk, kind=Kind.THREAD_REPLY),
        },
    )


def peer_member(community):
    """A member of the community (the flagged and hidden replies are theirs)."""
    from community.services import community_join

    person = UserFactory(display_name="Ari Author")
    community_join(community=community, user=person)
    return person
