"""Shared fixtures: factories, role fixtures, API clients, the query-count helper, and
real-service gates.

Tests that need Redis, a real Celery worker or a browser carry a marker. Without
REQUIRE_SERVICES a missing service skips them with a reason; with REQUIRE_SERVICES=1
(CI) a missing service fails the run, so a green CI always means they really ran.

Every request a test makes (test client, API client, live server for the browser) has
its URL pattern recorded; tests/test_url_coverage.py fails, at the end of a whole-suite
run, for each of our URL patterns that no test requested.

`make test` runs the suite on parallel workers (pytest-xdist); each has its own test
database, Redis database and var/ folder, and the URL guards are judged once every worker
has finished, over what all of them requested (see "Parallel workers" below).
"""

import os
import socket
import uuid
from contextlib import contextmanager
from datetime import date
from pathlib import Path
from urllib.parse import urlparse, urlsplit, urlunsplit

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from rest_framework.test import APIClient

from tests import chromium, security_headers
from tests.factories import UserFactory

# --- Which URL patterns the tests request (see tests/test_url_coverage.py) --------------

REQUESTED_ROUTES: set[str] = set()
# Routes requested while a test counted queries (CaptureQueriesContext, which
# assert_max_queries and pytest-django's django_assert_num_queries use too).
MEASURED_ROUTES: set[str] = set()
_counting = {"depth": 0}
WHOLE_SUITE = pytest.StashKey[bool]()
URL_GUARD = "tests/test_url_coverage.py::test_every_url_pattern_of_ours_is_requested_by_a_test"
BUDGET_GUARD = "tests/test_url_coverage.py::test_every_page_and_list_endpoint_has_a_query_count"
GUARDS = (URL_GUARD, BUDGET_GUARD)
_run = {"deselected": 0, "service_skips": 0}


@pytest.fixture(scope="session", autouse=True)
def _record_requested_routes():
    """Wrap the one place Django resolves a request (every client and server goes
    through it) to remember the route of the pattern that answered."""
    from django.core.handlers.base import BaseHandler

    original = BaseHandler.resolve_request
    enter, exit_ = CaptureQueriesContext.__enter__, CaptureQueriesContext.__exit__

    def resolve_request(self, request):
        match = original(self, request)
        REQUESTED_ROUTES.add(match.route)
        if _counting["depth"]:
            MEASURED_ROUTES.add(match.route)
        return match

    def counting_enter(self):
        _counting["depth"] += 1
        return enter(self)

    def counting_exit(self, *exc_info):
        _counting["depth"] -= 1
        return exit_(self, *exc_info)

    BaseHandler.resolve_request = resolve_request
    CaptureQueriesContext.__enter__ = counting_enter
    CaptureQueriesContext.__exit__ = counting_exit
    yield
    BaseHandler.resolve_request = original
    CaptureQueriesContext.__enter__, CaptureQueriesContext.__exit__ = enter, exit_


HTML_WITHOUT_HEADERS: list[str] = []


@pytest.fixture(scope="session", autouse=True)
def _check_every_html_answer():
    """Every HTML answer of every test carries the security headers
    (tests/security_headers.py); the test that received one without fails below."""
    from django.core.handlers.base import BaseHandler

    original = BaseHandler.get_response

    def get_response(self, request):
        response = original(self, request)
        missing = security_headers.problems(request, response)
        if missing:
            HTML_WITHOUT_HEADERS.append(f"{request.method} {request.path}: " + "; ".join(missing))
        return response

    BaseHandler.get_response = get_response
    yield
    BaseHandler.get_response = original


@pytest.fixture(autouse=True)
def _html_answers_had_security_headers(request, _check_every_html_answer):
    HTML_WITHOUT_HEADERS.clear()
    yield
    found, HTML_WITHOUT_HEADERS[:] = list(HTML_WITHOUT_HEADERS), []
    if request.node.get_closest_marker("unsafe_markup"):
        return  # stores markup around the sanitiser on purpose, to test a checker
    assert not found, "HTML answers without the security headers:\n" + "\n".join(found)


def pytest_deselected(items):
    _run["deselected"] += len(items)


@pytest.hookimpl(trylast=True)
def pytest_collection_modifyitems(session, config, items):
    """The URL guards run last, and judge only a run of the whole suite."""
    guards = [item for item in items if item.nodeid in GUARDS]
    for guard in guards:
        items.remove(guard)
        items.append(guard)
    arguments = [str(argument).rstrip("/") for argument in config.args]
    whole = arguments in ([], ["tests"], [str(config.rootpath / "tests")]) or arguments == [
        str(config.rootpath)
    ]
    last_failed = getattr(config.option, "lf", False) or getattr(
        config.option, "failedfirst", False
    )
    config.stash[WHOLE_SUITE] = whole and _run["deselected"] == 0 and not last_failed
    if _is_worker(config):
        # The controller runs them once every worker has finished (pytest_sessionfinish).
        for guard in guards:
            items.remove(guard)
        config.workeroutput["guards"] = [guard.nodeid for guard in guards]


def suite_ran_whole(config) -> bool:
    return config.stash.get(WHOLE_SUITE, False) and _run["service_skips"] == 0


# --- Parallel workers (pytest-xdist) -------------------------------------------------------
# `make test` runs the suite on several worker processes. Each worker has its own test
# database (pytest-django suffixes its name with the worker's id, "test_ecosystem_gw0"),
# and, given here before the worker starts, its own Redis database and var/ folder: the
# settings the worker reads, and every process a test starts from it (a real Celery worker,
# manage.py), see the same. Ports are the system's free ones (the live server, receivers).

REDIS_DATABASES = 16  # Redis's default number of databases, 0 to 15


def worker_environment(index: int, worker: str, environ, var_dir: Path) -> dict[str, str]:
    """The variables of the `index`-th worker (named `worker`, e.g. "gw1"): its own var/
    folder, and each Redis URL set in `environ` moved `index` databases up."""
    environment = {"VAR_DIR": str(Path(var_dir) / "workers" / worker)}
    for name in ("REDIS_URL", "CELERY_BROKER_URL", "CELERY_RESULT_BACKEND"):
        url = environ.get(name, "")
        if not url.startswith(("redis://", "rediss://")):
            continue
        parts = urlsplit(url)
        first = int(parts.path.strip("/") or 0)
        if first + index >= REDIS_DATABASES:
            raise pytest.UsageError(
                f"{name} names Redis database {first}, and worker {index + 1} of the parallel "
                f"run would need database {first + index}: Redis has 0 to "
                f"{REDIS_DATABASES - 1}. Set a lower database in {name}, or fewer workers."
            )
        environment[name] = urlunsplit(parts._replace(path=f"/{first + index}"))
    return environment


@pytest.hookimpl(optionalhook=True)
def pytest_xdist_setupnodes(config, specs):
    """On the controller, before any worker starts: each worker's environment (execnet sets
    a spec's `env` in the worker's process before pytest starts there; a worker restarted
    after a crash reuses its spec, so it takes over the same resources)."""
    from django.conf import settings

    for index, spec in enumerate(specs):
        spec.env.update(worker_environment(index, spec.id, os.environ, settings.VAR_DIR))


def _is_worker(config) -> bool:
    return hasattr(config, "workerinput")


# The controller gathers what each worker requested and judges the URL guards at the end:
# a guard run inside one worker would see only that worker's share of the requests.
_workers: dict[str, list] = {"outputs": [], "crashed": []}


@pytest.hookimpl(optionalhook=True)
def pytest_testnodedown(node, error):
    if error:
        _workers["crashed"].append(f"{node.gateway.id}: {error}")
    elif getattr(node, "workeroutput", None):
        _workers["outputs"].append(node.workeroutput)


def pytest_sessionfinish(session, exitstatus):
    config = session.config
    if _is_worker(config):
        config.workeroutput.update(
            requested_routes=sorted(REQUESTED_ROUTES),
            measured_routes=sorted(MEASURED_ROUTES),
            whole_suite=config.stash.get(WHOLE_SUITE, False),
            service_skips=_run["service_skips"],
        )
    elif config.pluginmanager.has_plugin("dsession"):
        _judge_guards_of_the_workers(session, exitstatus)


def _judge_guards_of_the_workers(session, exitstatus) -> None:
    """Run the URL guards the workers collected (and left to the controller) here, on the
    routes all of them requested, and report each as the test it is: passed, failed (the
    run fails) or skipped for a run that was not whole, as it would be in a serial run."""
    from tests import test_url_coverage

    outputs = _workers["outputs"]
    guards = sorted({guard for output in outputs for guard in output.get("guards", ())})
    stopped = (
        session.shouldfail
        or session.shouldstop
        or any(output.get("shouldfail") or output.get("shouldstop") for output in outputs)
    )
    finished = exitstatus in (pytest.ExitCode.OK, pytest.ExitCode.TESTS_FAILED)
    if not guards or stopped or not finished:
        return  # as in a serial run stopped early: the guards, last, never ran
    whole = (
        not _workers["crashed"]
        and all(output["whole_suite"] for output in outputs)
        and sum(output["service_skips"] for output in outputs) == 0
    )
    requested = {route for output in outputs for route in output["requested_routes"]}
    measured = {route for output in outputs for route in output["measured_routes"]}
    judges = {
        URL_GUARD: lambda: test_url_coverage.routes_no_test_requested(requested),
        BUDGET_GUARD: lambda: test_url_coverage.routes_no_test_counted(measured),
    }
    failed = False
    session.testscollected += len(guards)  # the workers left them out of their count
    terminal = session.config.pluginmanager.get_plugin("terminalreporter")
    if terminal is not None and terminal._tw.width_of_current_line:
        terminal.write("\n")  # below the workers' progress line
    for nodeid in guards:
        name = nodeid.rsplit("::", 1)[-1]
        line = getattr(test_url_coverage, name).__code__.co_firstlineno
        location = ("tests/test_url_coverage.py", line - 1, name)
        if not whole:
            reason = test_url_coverage.NOT_WHOLE
            if _workers["crashed"]:
                reason += " (a worker crashed: " + "; ".join(_workers["crashed"]) + ")"
            outcome, longrepr = "skipped", (location[0], line, f"Skipped: {reason}")
        else:
            problem = judges[nodeid]()
            outcome, longrepr = ("failed", problem) if problem else ("passed", None)
        failed = failed or outcome == "failed"
        report = pytest.TestReport(
            nodeid=nodeid,
            location=location,
            keywords={name: 1},
            outcome=outcome,
            longrepr=longrepr,
            when="call",
        )
        session.config.hook.pytest_runtest_logreport(report=report)
    if failed and session.exitstatus == pytest.ExitCode.OK:
        session.exitstatus = pytest.ExitCode.TESTS_FAILED


# --- One query-count helper --------------------------------------------------------------


@contextmanager
def assert_max_queries(budget: int):
    """Fail when the block runs more than `budget` database queries (a pinned budget per
    page or endpoint: a change that adds queries must raise it on purpose)."""
    with CaptureQueriesContext(connection) as captured:
        yield captured
    count = len(captured.captured_queries)
    assert count <= budget, f"{count} queries, over the budget of {budget}:\n" + "\n".join(
        f"{index}. {query['sql'][:300]}"
        for index, query in enumerate(captured.captured_queries, start=1)
    )


REQUIRE_SERVICES = os.environ.get("REQUIRE_SERVICES") == "1"
CHROMIUM = chromium.find()


def redis_url() -> str:
    return os.environ.get("REDIS_URL") or "redis://127.0.0.1:6379/0"


def _answers(url: str) -> bool:
    parsed = urlparse(url)
    try:
        with socket.create_connection((parsed.hostname, parsed.port or 6379), timeout=1):
            return True
    except OSError:
        return False


def _missing(reason: str):
    if REQUIRE_SERVICES:
        pytest.fail(f"REQUIRE_SERVICES=1 but {reason}", pytrace=False)
    _run["service_skips"] += 1
    pytest.skip(reason)


@pytest.fixture(autouse=True)
def _service_gates(request):
    if request.node.get_closest_marker("redis") and not _answers(redis_url()):
        _missing(f"Redis does not answer at {redis_url()}")
    if request.node.get_closest_marker("browser") and CHROMIUM is None:
        _missing(f"no Chromium: {chromium.INSTALL_HINT}")


@pytest.fixture(autouse=True)
def _isolated_cache(settings):
    """Each test gets its own cache, so rate-limit counters never leak between tests.
    (Named by a uuid: the settings wrapper's id() is reused once a test's wrapper is freed,
    and a LocMemCache of a reused name keeps the previous test's counters: a sign-up's
    confirmation email, limited to one per address in 3 minutes, can then go missing.)"""
    settings.CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
            "LOCATION": f"test-{uuid.uuid4()}",
        }
    }
    from ecosystem.cache import kept

    kept.clear()  # this process's copies of what is kept (ecosystem/cache.py)
    yield
    from django.core.cache import caches

    caches["default"].clear()


@pytest.fixture
def redis_stopped(settings):
    """The site's cache is the forgiving Redis cache of production, on a port nothing
    listens on: Redis is "stopped"."""
    from ecosystem import cache

    cache._last_warning["at"] = float("-inf")  # this test's first failure is logged
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        closed = f"redis://127.0.0.1:{probe.getsockname()[1]}/0"
    settings.CACHES = {
        "default": {
            "BACKEND": "ecosystem.cache.ForgivingRedisCache",
            "LOCATION": closed,
            "OPTIONS": {"socket_connect_timeout": 1, "socket_timeout": 1},
        }
    }


@pytest.fixture(autouse=True)
def _tasks_run_in_process():
    """Tasks enqueued by services run eagerly in unit tests; tests/integration starts a
    real worker for the broker round trip."""
    from ecosystem.celery import app

    app.conf.task_always_eager = True
    app.conf.task_eager_propagates = True
    yield
    app.conf.task_always_eager = False


@contextmanager
def broker_unreachable():
    """The site's Celery app publishes to a Redis that does not answer (a closed port),
    as the web process would while Redis is stopped; restored on leaving. Nothing of ours
    is mocked: publishing really fails."""
    from ecosystem.celery import app

    def forget_connections():
        # Pools and the result backend are cached per URL: the next use takes the new one.
        app._pool = None
        app.amqp._producer_pool = None
        app._backend_cache = None
        app._local.__dict__.pop("backend", None)

    saved = app.conf.broker_url, app.conf.result_backend, app.conf.task_always_eager
    with socket.socket() as probe:  # a port nothing listens on
        probe.bind(("127.0.0.1", 0))
        closed = f"redis://127.0.0.1:{probe.getsockname()[1]}/0"
    app.conf.broker_url, app.conf.result_backend, app.conf.task_always_eager = closed, closed, False
    forget_connections()
    try:
        yield
    finally:
        app.conf.broker_url, app.conf.result_backend, app.conf.task_always_eager = saved
        forget_connections()


@pytest.fixture(autouse=True)
def _fast_password_hashing(settings):
    """Argon2 is deliberately slow; tests that are not about hashing use a fast hasher.
    (tests/accounts checks that real sign-ups are hashed with Argon2.)"""
    settings.PASSWORD_HASHERS = [
        "django.contrib.auth.hashers.MD5PasswordHasher",
        "django.contrib.auth.hashers.Argon2PasswordHasher",
    ]


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args):
    # The Chromium tests/chromium.py found (Debian's first), never one Playwright downloads.
    return {
        **browser_type_launch_args,
        "executable_path": CHROMIUM,
        "headless": True,
        "args": [
            "--no-sandbox",
            "--disable-gpu",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
            "--no-first-run",
        ],
    }


@pytest.fixture
def customer(db):
    return UserFactory(display_name="Casey Customer")


@pytest.fixture
def signed_in(client, customer):
    """The test client, signed in as `customer`."""
    client.force_login(customer)
    return client


@pytest.fixture
def other_customer(db):
    return UserFactory(display_name="Olly Other")


@pytest.fixture
def staff_user(db):
    return UserFactory(is_staff=True, display_name="Sam Staff")


@pytest.fixture
def superuser(db):
    return UserFactory(is_staff=True, is_superuser=True, display_name="Root")


def client_for(user=None) -> Client:
    """A browser-like test client signed in as `user` (signed out when None)."""
    client = Client()
    if user is not None:
        client.force_login(user)
    return client


def api_for(user=None) -> APIClient:
    """An API client signed in as `user` (anonymous when None)."""
    client = APIClient()
    if user is not None:
        client.force_authenticate(user)
    return client


@pytest.fixture
def api_client():
    return APIClient()


@pytest.fixture
def other_api(other_customer):
    return api_for(other_customer)


@pytest.fixture
def staff_api(staff_user):
    return api_for(staff_user)


@pytest.fixture
def customer_api(customer):
    client = APIClient()
    client.force_authenticate(customer)
    return client


# --- Roles around a goal (STYLE.md): one goal, its owner, its stakeholders -------------

SHARED_GOAL_TARGET = date(2030, 3, 1)


def grant_access(goal, user, *, access="view", milestones=(), ends_on=None, role="advisor"):
    """Invite `user` into the owner's `goal` with this access (and scope, end date) and
    accept it, through the services; returns the Stakeholder row."""
    from stakeholders.lifecycle import invitation_token, stakeholder_answer
    from stakeholders.services import stakeholder_invite

    invitation = stakeholder_invite(
        goal=goal,
        by=goal.owner,
        email=user.email,
        role=role,
        access=access,
        milestones=list(milestones),
        ends_on=ends_on,
    )
    return stakeholder_answer(token=invitation_token(invitation), user=user, accept=True)


@pytest.fixture
def owner(db):
    return UserFactory(display_name="Olive Owner")


@pytest.fixture
def shared_goal(owner):
    """The owner's goal the stakeholder roles are invited into: Prune then Pick."""
    from goals.services import goal_create
    from milestones.services import dependency_create, milestone_create

    goal = goal_create(by=owner, title="Gala apples", target_date=SHARED_GOAL_TARGET)
    prune = milestone_create(goal=goal, by=owner, title="Prune", duration_days=2)
    pick = milestone_create(goal=goal, by=owner, title="Pick", duration_days=3)
    dependency_create(goal=goal, by=owner, predecessor=prune, successor=pick)
    return goal


def _stakeholder(goal, access, name):
    user = UserFactory(display_name=name)
    grant_access(goal, user, access=access)
    return user


@pytest.fixture
def stakeholder_view(shared_goal):
    return _stakeholder(shared_goal, "view", "Vic Viewer")


@pytest.fixture
def stakeholder_comment(shared_goal):
    return _stakeholder(shared_goal, "comment", "Cam Commenter")


@pytest.fixture
def stakeholder_contribute(shared_goal):
    return _stakeholder(shared_goal, "contribute", "Cora Contributor")


@pytest.fixture
def partner_admin(db):
    """The admin of a partner organisation ("Orchard Supplies"), not invited anywhere."""
    from partners.services import organization_create

    user = UserFactory(display_name="Pat Partner")
    organization_create(by=user, name="Orchard Supplies", kind="supplier")
    return user


@pytest.fixture
def staff(db):
    return UserFactory(is_staff=True, display_name="Stella Staff")


@pytest.fixture
def moderator(staff):
    """A moderator of a public community ("Apple growers") that staff created."""
    from community.services import community_create, moderator_appoint

    growers = community_create(by=staff, name="Apple growers", purpose="Grow better apples")
    user = UserFactory(display_name="Moana Moderator")
    moderator_appoint(community=growers, user=user, by=staff)
    return user
