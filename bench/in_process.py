"""Django in this process on the bench data set, as bench_http.py's server runs it: for
the in-process measurements (profile_page.py, page_times.py)."""

import json
import os
import sys
from pathlib import Path
from urllib.parse import urlparse

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))


def start() -> dict:
    """Set Django up with bench_http.py's settings on DATABASE_URL (default: the `bench`
    database) and REDIS_URL; answer the people bench/generate.py wrote for that database
    (ids of the customer, the partner member, their goal and thread)."""
    database_url = os.environ.get("DATABASE_URL", "postgres://postgres@127.0.0.1:5432/bench")
    from bench_http import environment  # the same settings as the HTTP benchmark

    os.environ.update(environment(database_url, os.environ.get("REDIS_URL", "")))
    name = urlparse(database_url).path.lstrip("/")
    people = json.loads((ROOT / "var" / f"bench-people-{name}.json").read_text())
    import django

    django.setup()
    return people


def signed_in(people: dict, who: str):
    """A test client signed in as the bench's "customer" or "partner"."""
    from django.contrib.auth import get_user_model
    from django.test import Client

    client = Client(HTTP_HOST="127.0.0.1")
    client.force_login(get_user_model().objects.get(pk=people[who]))
    return client
