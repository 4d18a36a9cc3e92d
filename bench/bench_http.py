"""Throughput and latency of the key pages, side by side with the bare framework, in one run.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/bench REDIS_URL=redis://127.0.0.1:6379/6 \\
        python bench/bench_http.py [--seconds 8] [--rounds 3]       (make bench-http)

Needs the data set of bench/generate.py in that database (and its var/bench-people-*.json).
Starts gunicorn with 2 sync workers on the project's settings plus two bare pages kept in
bench/ (bench/http_settings.py: a Django view rendering a 50-row template, a DRF list of
50 rows), signs in a generated customer and a partner member (a session row each, as a
sign-in writes), checks that each page answers 200, then loads each in turn with wrk at
16 connections over loopback for --seconds, --rounds times interleaved (so a change in the
machine's load falls on every page alike), and prints the median of the rounds: req/s, p50,
p99, and the ratio of req/s to the bare template page (the schedule API's to the bare DRF
list). Other processes share the machine: only ratios within one run mean something.

Targets (issue 14): every page >= 100 % of the bare template page with a p99 no worse
(floor 60 %); the schedule API >= 100 % of the bare DRF list.
"""

import argparse
import json
import os
import re
import shutil
import socket
import statistics
import subprocess
import sys
import time
import urllib.error
import urllib.request
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlparse

# bench/ is not a package: put the repository root on the path for the apps and
# bench.http_settings. (This script is not called http.py: run as a script, its folder
# comes first on the path, and a bench/http.py would shadow the standard library's http
# for every script in bench/.)
ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

RESULT_FILE = ROOT / "var" / "bench-http.md"
DEFAULT_URL = "postgres://postgres@127.0.0.1:5432/bench"
CONNECTIONS = 16
WORKERS = 2
SECRET = "bench-only-secret-key-not-for-production-use-0123456789abcdef"  # noqa: S105


@dataclass(frozen=True)
class Page:
    name: str
    path: str
    who: str  # "customer" or "partner": whose session cookie is sent
    compare_to: str = "bare template"


@dataclass
class Figures:
    requests_per_second: float
    p50_ms: float
    p99_ms: float
    errors: int


def pages(people: dict) -> list[Page]:
    goal, thread = people["goal"], people["thread"]
    return [
        Page("bare template (50 rows)", "/bench/bare/template/", "customer", ""),
        Page("bare DRF list (50 rows)", "/bench/bare/drf/", "customer", ""),
        Page("dashboard", "/dashboard/", "customer"),
        Page("goal page, 50 milestones + timeline", f"/goals/{goal}/", "customer"),
        Page(
            "schedule API, 50 milestones",
            f"/api/v1/goals/{goal}/schedule/",
            "customer",
            "bare DRF list",
        ),
        Page("playbook library", "/playbooks/", "customer"),
        Page("partner dashboard", "/partner-dashboard/", "partner"),
        Page("thread page, 50 posts", f"/threads/{thread}/", "customer"),
        Page("community list", "/communities/", "customer"),
    ]


def environment(database_url: str, redis_url: str) -> dict:
    return {
        key: value
        for key, value in os.environ.items()
        if key not in ("DEBUG", "CELERY_BROKER_URL", "CELERY_RESULT_BACKEND")
    } | {
        "DJANGO_SETTINGS_MODULE": "bench.http_settings",
        "DATABASE_URL": database_url,
        "REDIS_URL": redis_url,
        "CACHE_KEY_PREFIX": "bench-http",
        "SECRET_KEY": os.environ.get("SECRET_KEY", SECRET),
        "SECURE_SSL_REDIRECT": "0",
        "SESSION_COOKIE_SECURE": "0",
        "CSRF_COOKIE_SECURE": "0",
        "STATICFILES_BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage",
        # The API's rate limit would answer 429 under load: raised, not removed.
        "API_THROTTLE_USER": "10000000/minute",
        "API_THROTTLE_ANON": "10000000/minute",
        "LOG_LEVEL": "WARNING",
    }


def sign_in(people: dict) -> dict[str, str]:
    """A session cookie per person, written as a sign-in writes it (session row with the
    user's id, backend and password hash)."""
    from importlib import import_module

    from django.conf import settings
    from django.contrib.auth import (
        BACKEND_SESSION_KEY,
        HASH_SESSION_KEY,
        SESSION_KEY,
        get_user_model,
    )

    engine = import_module(settings.SESSION_ENGINE)
    cookies = {}
    for who in ("customer", "partner"):
        user = get_user_model().objects.get(pk=people[who])
        session = engine.SessionStore()
        session[SESSION_KEY] = str(user.pk)
        session[BACKEND_SESSION_KEY] = settings.AUTHENTICATION_BACKENDS[0]
        session[HASH_SESSION_KEY] = user.get_session_auth_hash()
        session.save()
        cookies[who] = f"{settings.SESSION_COOKIE_NAME}={session.session_key}"
    return cookies


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def fetch(url: str, cookie: str) -> tuple[int, bytes]:
    request = urllib.request.Request(url, headers={"Cookie": cookie})  # noqa: S310 (loopback)
    try:
        with urllib.request.urlopen(request, timeout=60) as answer:  # noqa: S310
            return answer.status, answer.read()
    except urllib.error.HTTPError as error:
        return error.code, error.read()


def start_gunicorn(env: dict, port: int, log: Path):
    command = [
        sys.executable,
        "-m",
        "gunicorn",
        "ecosystem.wsgi:application",
        "--workers",
        str(WORKERS),
        "--worker-class",
        "sync",
        "--bind",
        f"127.0.0.1:{port}",
        "--log-level",
        "warning",
    ]
    handle = open(log, "w")  # noqa: SIM115  (closed with the server)
    server = subprocess.Popen(command, cwd=ROOT, env=env, stdout=handle, stderr=subprocess.STDOUT)
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        if server.poll() is not None:
            raise RuntimeError(f"gunicorn exited: see {log}")
        try:
            status, _body = fetch(f"http://127.0.0.1:{port}/healthz", "")
            if status == 200:
                return server, handle
        except OSError:
            pass
        time.sleep(0.3)
    server.terminate()
    raise RuntimeError(f"gunicorn did not answer /healthz within 60 s: see {log}")


UNITS = {"us": 0.001, "ms": 1.0, "s": 1000.0}


def drain(port: int) -> None:
    """Wait until the server has worked through what the last load left queued: wrk
    stops and closes its connections, but the sync workers still answer every request
    already accepted, and the next page would be measured waiting behind them. A probe
    per worker, one after another, each answered only once the queue before it is."""
    for _ in range(WORKERS + 1):
        fetch(f"http://127.0.0.1:{port}/healthz", "")


def run_wrk(url: str, cookie: str, seconds: int) -> Figures:
    command = [
        "wrk",
        "--threads",
        "1",
        "--connections",
        str(CONNECTIONS),
        "--duration",
        f"{seconds}s",
        "--timeout",
        "30s",
        "--latency",
        "--header",
        f"Cookie: {cookie}",
        url,
    ]
    output = subprocess.run(command, capture_output=True, text=True, check=True).stdout

    def latency(percent: str) -> float:
        found = re.search(rf"^\s+{percent}%\s+([\d.]+)(us|ms|s)\s*$", output, re.MULTILINE)
        return float(found.group(1)) * UNITS[found.group(2)]

    rate = float(re.search(r"Requests/sec:\s+([\d.]+)", output).group(1))
    bad = re.search(r"Non-2xx or 3xx responses:\s+(\d+)", output)
    errors = int(bad.group(1)) if bad else 0
    socket_errors = re.search(r"Socket errors: (.*)", output)
    if socket_errors:
        errors += sum(int(n) for n in re.findall(r"\d+", socket_errors.group(1)))
    return Figures(rate, latency("50"), latency("99"), errors)


def machine() -> str:
    model = "unknown CPU"
    for line in Path("/proc/cpuinfo").read_text().splitlines():
        if line.startswith("model name"):
            model = line.split(":", 1)[1].strip()
            break
    load = ", ".join(f"{value:.2f}" for value in os.getloadavg())
    return f"{os.cpu_count()} cores ({model}), load average {load}"


def rate(requests_per_second: float) -> str:
    """Whole numbers, but a slow page's fraction is kept (0.4, not 0)."""
    if requests_per_second >= 10:
        return f"{requests_per_second:,.0f}"
    return f"{requests_per_second:.1f}"


def table(rows: list[tuple[Page, Figures]]) -> list[str]:
    by_name = {page.name: figures for page, figures in rows}
    bare = {"bare template": by_name[rows[0][0].name], "bare DRF list": by_name[rows[1][0].name]}
    lines = [
        "| page | req/s | p50 ms | p99 ms | vs bare | target |",
        "| --- | ---: | ---: | ---: | ---: | --- |",
    ]
    for page, figures in rows:
        ratio, verdict = "", ""
        if page.compare_to:
            base = bare[page.compare_to]
            share = figures.requests_per_second / base.requests_per_second
            ratio = f"{share:.0%} of {page.compare_to}"
            if share >= 1.0 and figures.p99_ms <= base.p99_ms:
                verdict = "met"
            elif share >= 0.6:
                verdict = "above floor (60 %)"
            else:
                verdict = "BELOW FLOOR"
        errors = f" ({figures.errors} errors)" if figures.errors else ""
        lines.append(
            f"| {page.name}{errors} | {rate(figures.requests_per_second)} | "
            f"{figures.p50_ms:.1f} | {figures.p99_ms:.1f} | {ratio} | {verdict} |"
        )
    return lines


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--seconds", type=int, default=8, help="load per page per round")
    parser.add_argument("--rounds", type=int, default=3, help="rounds, median reported")
    parser.add_argument("--only", default="", help="measure only pages whose name has this")
    arguments = parser.parse_args()
    if shutil.which("wrk") is None:
        print("wrk is not installed: apt-get install -y wrk", file=sys.stderr)
        return 2
    database_url = os.environ.get("DATABASE_URL", DEFAULT_URL)
    people_file = ROOT / "var" / f"bench-people-{urlparse(database_url).path.lstrip('/')}.json"
    if not people_file.exists():
        print(f"no {people_file}: run bench/generate.py first (make bench-data)", file=sys.stderr)
        return 2
    people = json.loads(people_file.read_text())
    redis_url = os.environ.get("REDIS_URL", "redis://127.0.0.1:6379/6")
    env = environment(database_url, redis_url)
    os.environ.update(env)
    import django

    django.setup()
    cookies = sign_in(people)
    port = free_port()
    log = Path(os.environ.get("TMPDIR", "/tmp")) / "bench_http_gunicorn.log"  # noqa: S108
    server, handle = start_gunicorn(env, port, log)
    chosen = [
        page
        for index, page in enumerate(pages(people))
        if index < 2 or arguments.only.lower() in page.name.lower()
    ]
    try:
        for page in chosen:
            status, body = fetch(f"http://127.0.0.1:{port}{page.path}", cookies[page.who])
            print(f"  {status} {len(body):>8,} bytes  {page.name}  {page.path}")
            if status != 200:
                raise RuntimeError(f"{page.path} answered {status}, not 200")
        samples: dict[str, list[Figures]] = {page.name: [] for page in chosen}
        for round_number in range(arguments.rounds):
            for page in chosen:
                url = f"http://127.0.0.1:{port}{page.path}"
                samples[page.name].append(run_wrk(url, cookies[page.who], arguments.seconds))
                drain(port)
            print(f"  round {round_number + 1} of {arguments.rounds} done ({machine()})")
    finally:
        server.terminate()
        server.wait(timeout=30)
        handle.close()
    rows = [
        (
            page,
            Figures(
                statistics.median(f.requests_per_second for f in samples[page.name]),
                statistics.median(f.p50_ms for f in samples[page.name]),
                statistics.median(f.p99_ms for f in samples[page.name]),
                sum(f.errors for f in samples[page.name]),
            ),
        )
        for page in chosen
    ]
    header = (
        f"gunicorn {WORKERS} sync workers, wrk {CONNECTIONS} connections, "
        f"{arguments.seconds} s x {arguments.rounds} rounds (median), "
        f"database {people['database']} ({people['counts']['milestones']:,} milestones); "
        f"{machine()}"
    )
    lines = [header, "", *table(rows)]
    print("\n".join(lines))
    RESULT_FILE.write_text("\n".join(lines) + "\n")
    return 1 if any(figures.errors for _page, figures in rows) else 0


if __name__ == "__main__":
    sys.exit(main())
