"""Demo partners: organisations of several kinds with resources that fit the demo
playbooks' milestones. Idempotent: looked up by slug and title first."""

from datetime import timedelta

from ecosystem.accounts.demo import DEMO_PASSWORD
from ecosystem.accounts.models import User

from .models import PartnerOrganization, Resource
from .services import (
    organization_create,
    organization_set_verified,
    resource_create,
    resource_publish,
)

PARTNER_EMAIL = "partner@example.org"

ORGANIZATIONS = [
    # slug, name, kind, verified, categories, regions, description
    ("bay-orchard-supplies", "Bay Orchard Supplies", "supplier", True, ["pipfruit"],
     ["hawkes-bay"], "Fertiliser, bins and orchard hardware for Hawke's Bay growers."),
    ("fruitgrowers-extension", "Fruitgrowers' Extension Service", "extension_service", True,
     ["pipfruit"], ["new-zealand"], "Field days, pest alerts and best practice for pipfruit."),
    ("pipfruit-research", "Pipfruit Research Institute", "research_institute", False,
     ["pipfruit"], [], "Independent research on thinning, maturity and storage."),
    ("orchard-weather", "Orchard Weather Data", "data_provider", False, ["horticulture"],
     [], "Frost, rain and growing-degree-day forecasts for orchards."),
    ("dataskills-academy", "DataSkills Academy", "training_provider", True,
     ["data-analytics"], ["online"], "Part-time data analytics courses with monthly intakes."),
    ("analytics-employers-network", "Analytics Employers Network", "employer", False,
     ["data-analytics"], ["auckland"], "Employers hiring junior data analysts."),
]  # fmt: skip

RESOURCES = [
    # organisation, kind, title, summary, body, playbook milestone it fits, window (days ahead)
    ("bay-orchard-supplies", "offer", "Early-order fertiliser discount",
     "10% off fertiliser ordered before spring.",
     "Order by the end of the month for **10% off** and delivery before bud break.",
     "Order fertiliser", (0, 60)),
    ("bay-orchard-supplies", "offer", "Picking bins for hire", "Bins booked ahead of harvest.",
     "Book bins with your crew so they arrive the week picking starts.",
     "Book the picking crew and bins", None),
    ("fruitgrowers-extension", "guide", "Thinning to one fruit per cluster",
     "Best practice for export-grade fruit size.",
     "Thin within 30 days of full bloom.\n\n- Keep the king fruit\n- One fruit per cluster\n"
     "- Leave 15 cm between fruit", "Fruit thinning", None),
    ("fruitgrowers-extension", "event", "Pest monitoring field day",
     "Traps, thresholds and spray timing, in the orchard.",
     "Bring your trap records. See the [pest guide](https://example.org/pests).",
     "Pest and disease monitoring", (20, 21)),
    ("pipfruit-research", "guide", "Maturity testing before picking",
     "Starch, firmness and sugar targets for Gala.",
     "Test two weeks before the expected pick date and again each week.",
     "Maturity test", None),
    ("orchard-weather", "data_feed", "Frost and rain outlook for pruning",
     "Seven-day outlook tuned for orchard work.", "Updated every morning at 6am.",
     "Winter pruning", None),
    ("dataskills-academy", "course", "SQL for analysts: next intake",
     "Eight weeks, evenings, online.", "Covers joins, window functions and reporting.",
     "Module 1: SQL and databases", (10, 40)),
    ("dataskills-academy", "advice", "How to choose a capstone dataset",
     "Pick data you can explain in a job interview.",
     "Choose a public dataset with a clear question; keep the scope to four weeks.",
     "Capstone project", None),
    ("analytics-employers-network", "event", "Junior analyst hiring evening",
     "Meet employers hiring this season.", "Bring your portfolio on a laptop.",
     "Job applications", (60, 61)),
]  # fmt: skip


def _partner_user(region) -> User:
    from allauth.account.models import EmailAddress

    user, created = User.objects.get_or_create(
        email=PARTNER_EMAIL,
        defaults={
            "display_name": "Rangi (demo partner)",
            "region": region,
            "time_zone": "Pacific/Auckland",
        },
    )
    if created:
        user.set_password(DEMO_PASSWORD)
        user.save(update_fields=["password"])
    EmailAddress.objects.get_or_create(
        user=user, email=PARTNER_EMAIL, defaults={"verified": True, "primary": True}
    )
    return user


def load_partner_demo(*, categories, regions, staff_user, playbooks) -> dict:
    partner = _partner_user(regions["hawkes-bay"])
    organizations = {}
    for slug, name, kind, verified, category_slugs, region_slugs, description in ORGANIZATIONS:
        organization = PartnerOrganization.objects.filter(slug=slug).first()
        if organization is None:
            organization = organization_create(
                by=partner,
                name=name,
                slug=slug,
                kind=kind,
                description=description,
                categories=[categories[c] for c in category_slugs],
                regions=[regions[r] for r in region_slugs],
            )
            if verified:
                organization_set_verified(organization=organization, by=staff_user, verified=True)
        organizations[slug] = organization

    milestones_by_title = {
        milestone.title: milestone
        for playbook in playbooks
        for milestone in playbook.milestones.all()
    }
    today = partner.today()  # the windows are the partner's dates, in their time zone
    for slug, kind, title, summary, body, milestone_title, window in RESOURCES:
        organization = organizations[slug]
        if Resource.objects.filter(organization=organization, title=title).exists():
            continue
        fits = milestones_by_title.get(milestone_title)
        window_fields = (
            {
                "window_start": today + timedelta(days=window[0]),
                "window_end": today + timedelta(days=window[1]),
            }
            if window
            else {}
        )
        resource = resource_create(
            by=partner,
            organization=organization,
            kind=kind,
            title=title,
            summary=summary,
            body=body,
            categories=list(organization.categories.all()),
            playbook_milestones=[fits] if fits else [],
            **window_fields,
        )
        resource_publish(resource=resource, by=partner)
    return {"partner": partner, "organizations": organizations}
