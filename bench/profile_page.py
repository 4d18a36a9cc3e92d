"""Where a page's CPU goes: cProfile over many requests of one page, on the bench data set.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/bench REDIS_URL=redis://127.0.0.1:6379/6 \\
        python bench/profile_page.py /dashboard/ [--who partner] [--requests 300] [--top 40]

The page is asked for through the whole middleware stack (Django's test client, signed in
as bench/generate.py's customer or partner member), warmed up first so caches hold what a
running server's would, then asked --requests times plain and --requests times under
cProfile. Prints the median CPU milliseconds per request and the functions with the most
time of their own and in all.
Names of the pages bench_http.py measures: {goal} and {thread} are filled in from
var/bench-people-<db>.json, e.g. /goals/{goal}/.
"""

import argparse
import cProfile
import io
import pstats
import statistics
import sys
import time

from in_process import ROOT, signed_in, start  # bench/, the script's own folder


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("path")
    parser.add_argument("--who", choices=("customer", "partner"), default="customer")
    parser.add_argument("--requests", type=int, default=300)
    parser.add_argument("--top", type=int, default=40)
    arguments = parser.parse_args()

    people = start()
    client = signed_in(people, arguments.who)
    path = arguments.path.format(**people)
    for _ in range(20):
        answer = client.get(path)
        assert answer.status_code == 200, (path, answer.status_code)

    plain = []
    for _ in range(arguments.requests):
        started = time.process_time()
        client.get(path)
        plain.append((time.process_time() - started) * 1000)
    timings = []
    profile = cProfile.Profile()
    for _ in range(arguments.requests):
        started = time.process_time()
        profile.enable()
        client.get(path)
        profile.disable()
        timings.append((time.process_time() - started) * 1000)
    out = io.StringIO()
    stats = pstats.Stats(profile, stream=out)
    stats.sort_stats("tottime").print_stats(arguments.top)
    stats.sort_stats("cumulative").print_stats(arguments.top)
    # The project's own functions (not the framework's), by time in all: where to look.
    stats.sort_stats("cumulative").print_stats(rf"^{ROOT}/(?!\.venv)", arguments.top)
    print(out.getvalue())
    print(
        f"{path}: median {statistics.median(plain):.1f} ms of CPU per request"
        f" ({statistics.median(timings):.1f} ms under the profiler)"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
