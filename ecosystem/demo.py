"""Demo data for `make run`: reference tables, people, and the goal-planning stories.

Idempotent: a second run changes nothing.
"""

from django.db import transaction

from community.demo import load_community_demo
from community.peers.demo import load_peers_demo
from ecosystem.accounts.demo import DEMO_PASSWORD
from ecosystem.accounts.models import User
from ecosystem.reference.models import Category, Region
from milestones.demo import load_goal_demo
from partners.demo import load_partner_demo
from voice.demo import load_voice_demo

__all__ = ["DEMO_EMAIL", "DEMO_PASSWORD", "PEER_EMAIL", "STAFF_EMAIL", "load_demo"]

DEMO_EMAIL = "demo@example.org"
STAFF_EMAIL = "staff@example.org"
PEER_EMAIL = "mere@example.org"

CATEGORIES = [
    ("horticulture", "Horticulture", None),
    ("pipfruit", "Pipfruit (apples and pears)", "horticulture"),
    ("viticulture", "Viticulture", "horticulture"),
    ("education", "Education and certificates", None),
    ("data-analytics", "Data analytics", "education"),
    ("trades", "Trades apprenticeships", "education"),
    ("small-business", "Small business", None),
]
REGIONS = [
    ("new-zealand", "New Zealand", None),
    ("hawkes-bay", "Hawke's Bay", "new-zealand"),
    ("nelson-tasman", "Nelson Tasman", "new-zealand"),
    ("auckland", "Auckland", "new-zealand"),
    ("australia", "Australia", None),
    ("victoria", "Victoria", "australia"),
    ("online", "Online / anywhere", None),
]
# Country and ISO 3166-2 subdivision: a new goal there gets these public holidays.
REGION_CODES = {
    "new-zealand": ("NZ", ""),
    "hawkes-bay": ("NZ", "HKB"),
    "nelson-tasman": ("NZ", "NSN"),
    "auckland": ("NZ", "AUK"),
    "australia": ("AU", ""),
    "victoria": ("AU", "VIC"),
}


def _load_reference(model, rows):
    by_slug = {}
    for slug, name, parent_slug in rows:
        entry, _created = model.objects.get_or_create(
            slug=slug, defaults={"name": name, "parent": by_slug.get(parent_slug)}
        )
        by_slug[slug] = entry
    return by_slug


def _load_person(*, email, password, display_name, region, time_zone, is_staff=False):
    from allauth.account.models import EmailAddress

    user, created = User.objects.get_or_create(
        email=email,
        defaults={
            "display_name": display_name,
            "region": region,
            "time_zone": time_zone,
            "is_staff": is_staff,
        },
    )
    if created:
        user.set_password(password)
        user.save(update_fields=["password"])
    EmailAddress.objects.get_or_create(
        user=user, email=email, defaults={"verified": True, "primary": True}
    )
    return user


@transaction.atomic
def load_demo() -> dict:
    categories = _load_reference(Category, CATEGORIES)
    regions = _load_reference(Region, REGIONS)
    for slug, (country, subdivision) in REGION_CODES.items():
        Region.objects.filter(slug=slug, country_code="").update(
            country_code=country, subdivision_code=subdivision
        )
    demo = _load_person(
        email=DEMO_EMAIL,
        password=DEMO_PASSWORD,
        display_name="Aroha (demo grower)",
        region=regions["hawkes-bay"],
        time_zone="Pacific/Auckland",
    )
    staff = _load_person(
        email=STAFF_EMAIL,
        password=DEMO_PASSWORD,
        display_name="Sam (platform staff)",
        region=regions["new-zealand"],
        time_zone="Pacific/Auckland",
        is_staff=True,
    )
    goal_demo = load_goal_demo(
        categories=categories, regions=regions, demo_user=demo, staff_user=staff
    )
    partner_demo = load_partner_demo(
        categories=categories,
        regions=regions,
        staff_user=staff,
        playbooks=list(goal_demo["playbooks"].values()),
    )
    community_demo = load_community_demo(
        categories=categories,
        regions=regions,
        staff=staff,
        demo=demo,
        partner=partner_demo["partner"],
        playbooks=list(goal_demo["playbooks"].values()),
    )
    voice_demo = load_voice_demo(
        playbook=goal_demo["playbooks"]["orchard"],
        staff=staff,
        demo=demo,
        region=regions["hawkes-bay"],
    )
    peer = _load_person(
        email=PEER_EMAIL,
        password=DEMO_PASSWORD,
        display_name="Mere (finished last season)",
        region=regions["hawkes-bay"],
        time_zone="Pacific/Auckland",
    )
    peers_demo = load_peers_demo(
        demo=demo, peer=peer, playbooks=goal_demo["playbooks"], regions=regions
    )
    return {
        **voice_demo,
        **community_demo,
        **peers_demo,
        **partner_demo,
        "categories": categories,
        "regions": regions,
        "demo": demo,
        "staff": staff,
        **goal_demo,
    }
