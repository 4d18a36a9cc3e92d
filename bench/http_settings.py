"""Settings for bench/bench_http.py only: the project's own settings, plus the bare pages that
every figure is compared with (bench/http_urls.py). Never used by the product."""

from pathlib import Path

from ecosystem.settings import *  # noqa: F403  (the project's settings, unchanged)
from ecosystem.settings import TEMPLATES

ROOT_URLCONF = "bench.http_urls"
TEMPLATES[0]["DIRS"] = [*TEMPLATES[0]["DIRS"], Path(__file__).resolve().parent / "templates"]
