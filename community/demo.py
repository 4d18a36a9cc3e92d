"""Demo communities around the two demo stories, with a tip and an answered question that
reach the demo goals' milestones. Idempotent: looked up by slug and title first."""

from .models import Community, Thread
from .services import (
    community_create,
    community_join,
    moderator_appoint,
    post_create,
    thread_accept_answer,
    thread_create,
)


def _community(*, staff, slug, **fields):
    existing = Community.objects.filter(slug=slug).first()
    return existing or community_create(by=staff, slug=slug, **fields)


def _join(community, user):
    if not community.memberships.filter(user=user).exists():
        community_join(community=community, user=user)


def load_community_demo(*, categories, regions, staff, demo, partner, playbooks) -> dict:
    growers = _community(
        staff=staff,
        slug="hawkes-bay-apple-growers",
        name="Hawke's Bay apple growers",
        purpose="Growers helping each other bring export-grade fruit in on time.",
        category=categories["pipfruit"],
        region=regions["hawkes-bay"],
    )
    analysts = _community(
        staff=staff,
        slug="data-analyst-2027",
        name="Data analyst certificate, 2027 intake",
        purpose="Learners on the same certificate, sharing notes and job leads.",
        category=categories["data-analytics"],
        region=regions["online"],
        visibility=Community.Visibility.MEMBERS_ONLY,
    )
    if not growers.memberships.filter(user=staff, role="moderator").exists():
        moderator_appoint(community=growers, user=staff, by=staff)
        moderator_appoint(community=analysts, user=staff, by=staff)
    for user in (demo, partner):
        _join(growers, user)

    steps = {
        milestone.title: milestone
        for playbook in playbooks
        for milestone in playbook.milestones.all()
    }
    if not Thread.objects.filter(community=growers, title="Thin to one fruit by 10 mm").exists():
        thread_create(
            community=growers,
            author=partner,
            title="Thin to one fruit by 10 mm",
            kind=Thread.Kind.TIP,
            body="Hand-thin to **one fruit per cluster** before the fruitlets pass 10 mm; "
            "later thinning costs size at harvest.",
            playbook_milestone=steps.get("Fruit thinning"),
        )
    if not Thread.objects.filter(community=growers, title="How early do you book bins?").exists():
        question = thread_create(
            community=growers,
            author=demo,
            title="How early do you book bins?",
            kind=Thread.Kind.QUESTION,
            body="Last season the packhouse ran out of bins in the first week. When do you book?",
            playbook_milestone=steps.get("Book the picking crew and bins"),
        )
        answer = post_create(
            thread=question,
            author=partner,
            body="Book six weeks before your expected pick date; we hold bins for growers "
            "who confirm a crew.",
        )
        thread_accept_answer(thread=question, post=answer, by=demo)
    return {"communities": {"growers": growers, "analysts": analysts}}
