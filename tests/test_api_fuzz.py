"""The API fuzzed against its own OpenAPI schema (issue 15), with schemathesis.

Every operation of /api/schema/ is called with generated input as three people: a
customer who owns a goal, a member of a partner organisation invited into that goal,
and someone signed out. Half the examples name objects that exist (so the fuzzing gets
past the 404 into the rules and the validation), half whatever the schema allows. Each
answer must be no server error, have a status the schema documents for the operation,
the content type it documents, and a body that matches the documented shape.

Examples are bounded (API_FUZZ_EXAMPLES per operation and person, 6 unless set) and
derandomized, so a run takes the same path every time: a failure here is a real defect,
never a flaky draw. Every failure of the whole run is reported at once.
"""

import os
from datetime import date

import pytest
import schemathesis
from django.core.cache import cache
from django.core.signals import request_finished, request_started
from django.core.wsgi import get_wsgi_application
from django.db import close_old_connections
from hypothesis import HealthCheck, Phase, given, settings
from hypothesis import strategies as st
from rest_framework.authtoken.models import Token
from schemathesis.checks import not_a_server_error
from schemathesis.core.failures import FailureGroup
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    response_schema_conformance,
    status_code_conformance,
)

from community.services import community_create, community_join, thread_create
from goals.playbooks import playbook_create
from goals.services import goal_create
from milestones.services import dependency_create, milestone_create, task_create
from partners.services import (
    member_accept,
    member_invite,
    organization_create,
    resource_create,
    resource_publish,
)
from stakeholders.lifecycle import invitation_token, stakeholder_answer
from stakeholders.services import advice_post, stakeholder_invite
from tests.factories import CategoryFactory, RegionFactory, UserFactory
from voice.services.ideas import idea_post

pytestmark = [pytest.mark.django_db, pytest.mark.slow]

EXAMPLES = int(os.environ.get("API_FUZZ_EXAMPLES", "6"))
CHECKS = [
    not_a_server_error,
    status_code_conformance,
    content_type_conformance,
    response_schema_conformance,
]


def _world():
    """A goal with its plan and stakeholders, an organisation with a resource, a
    community thread, a playbook and an idea: the objects the examples name."""
    customer = UserFactory(display_name="Casey Customer")
    goal = goal_create(by=customer, title="Gala apples", target_date=date(2030, 3, 1))
    prune = milestone_create(goal=goal, by=customer, title="Prune", duration_days=2)
    pick = milestone_create(goal=goal, by=customer, title="Pick", duration_days=3)
    dependency = dependency_create(goal=goal, by=customer, predecessor=prune, successor=pick)
    task = task_create(milestone=prune, by=customer, title="Sharpen shears")

    admin = UserFactory(display_name="Supplier Admin")
    supplier = organization_create(by=admin, name="Orchard Supplies", kind="supplier")
    member = UserFactory(display_name="Pat Partner")
    membership = member_accept(
        membership=member_invite(organization=supplier, by=admin, email=member.email), by=member
    )
    invitation = stakeholder_invite(
        goal=goal, by=customer, organization=supplier, role="supplier", access="comment"
    )
    stakeholder = stakeholder_answer(token=invitation_token(invitation), user=admin, accept=True)
    pending = stakeholder_invite(goal=goal, by=customer, email="later@example.org", role="peer")
    advice = advice_post(milestone=prune, by=member, body="Prune on a dry day.")
    resource = resource_create(by=admin, organization=supplier, kind="guide", title="Pruning")
    resource_publish(resource=resource, by=admin)

    staff = UserFactory(is_staff=True, display_name="Stella Staff")
    growers = community_create(by=staff, name="Apple growers", purpose="Grow apples")
    community_join(community=growers, user=customer)
    thread = thread_create(
        community=growers, author=customer, title="When to thin?", kind="question", body="?"
    )
    playbook = playbook_create(by=customer, title="Apple season", public=True)
    idea = idea_post(by=customer, title="Saturday delivery", organization=supplier)
    category, region = CategoryFactory(), RegionFactory()
    ids = {
        "advice": advice.pk,
        "dependencies": dependency.pk,
        "goals": goal.pk,
        "ideas": idea.pk,
        "milestones": prune.pk,
        "playbooks": playbook.pk,
        "posts": thread.posts.get().pk,
        "resources": resource.pk,
        "stakeholders": stakeholder.pk,
        "tasks": task.pk,
        "threads": thread.pk,
        "members": membership.pk,
    }
    slugs = {
        "categories": category.slug,
        "communities": growers.slug,
        "partners": supplier.slug,
        "regions": region.slug,
    }
    people = {"customer": customer, "partner member": member, "anonymous": None}
    return people, ids, slugs, invitation_token(pending)


def _known_parameters(path: str, ids, slugs, token) -> dict | None:
    """Path parameters naming objects of the world, for `path`, or None."""
    parts = path.removeprefix("/api/v1/").strip("/").split("/")
    known = {}
    for index, part in enumerate(parts):
        name = part.strip("{}")
        if name == part:
            continue
        owner = parts[index - 1]
        if name == "token":
            known[name] = token
        elif name == "slug":
            known[name] = slugs.get(owner)
        else:
            known[name] = ids.get(owner)
        if known[name] is None:
            return None
    return known


@pytest.fixture
def wsgi_app():
    """Django's WSGI application, kept on the test's database connection (as Django's
    test client does: a finished request would otherwise close it)."""
    for signal in (request_started, request_finished):
        signal.disconnect(close_old_connections)
    yield get_wsgi_application()
    for signal in (request_started, request_finished):
        signal.connect(close_old_connections)


def test_every_operation_answers_as_documented_for_each_person(wsgi_app):
    people, ids, slugs, token = _world()
    schema = schemathesis.openapi.from_wsgi("/api/schema/", wsgi_app)
    failures = []
    for role, person in people.items():
        headers = {}
        if person is not None:
            headers["Authorization"] = f"Token {Token.objects.create(user=person).key}"
        for result in schema.get_all_operations():
            operation = result.ok()
            strategy = operation.as_strategy()
            known = _known_parameters(operation.path, ids, slugs, token)
            if known:
                strategy = st.one_of(operation.as_strategy(path_parameters=known), strategy)
            failures.extend(_fuzz(operation, strategy, headers, role))
    assert failures == [], f"{len(failures)} failures:\n\n" + "\n\n".join(failures)


def _fuzz(operation, strategy, headers, role) -> list[str]:
    failed: dict[str, str] = {}

    @settings(
        max_examples=EXAMPLES,
        derandomize=True,
        database=None,
        deadline=None,
        phases=[Phase.explicit, Phase.generate],
        suppress_health_check=list(HealthCheck),
    )
    @given(case=strategy)
    def run(case):
        # The per-minute throttles would soon answer every call 429; each call starts
        # afresh so the rules and the validation are what answer.
        cache.clear()
        try:
            case.call_and_validate(headers=headers, checks=CHECKS)
        except (Exception, FailureGroup) as error:  # every failure, not only the first
            title = f"{role}: {operation.method.upper()} {operation.path}"
            failed.setdefault(title, f"{title}\n{str(error)[:1500]}")

    run()
    return list(failed.values())
