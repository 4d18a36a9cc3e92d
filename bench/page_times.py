"""The key pages' time in one process, against the bare pages, interleaved: a steadier
second opinion to bench_http.py's throughput on a shared machine.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/bench REDIS_URL=redis://127.0.0.1:6379/6 \\
        python bench/page_times.py [--requests 200] [--rounds 3]

The same pages as bench_http.py (its `pages`), asked through the whole middleware stack
with Django's test client, signed in as bench/generate.py's customer or partner member,
after a warm-up (caches then hold what a running server's would). Each round asks every
page --requests times in turn; the figure is the median over all requests of wall time
(`perf_counter`: Python and the database) and of CPU time in this process
(`process_time`: Python alone), and *vs bare* is the bare page's median wall time over
the page's: the share of the bare page's speed, as bench_http.py's req/s ratio is.
"""

import argparse
import statistics
import sys
import time

from in_process import signed_in, start  # bench/, the script's own folder


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--requests", type=int, default=200, help="per page per round")
    parser.add_argument("--rounds", type=int, default=3)
    arguments = parser.parse_args()

    people = start()
    from bench_http import pages

    clients = {who: signed_in(people, who) for who in ("customer", "partner")}
    measured = pages(people)
    walls = {page.name: [] for page in measured}
    cpus = {page.name: [] for page in measured}
    for page in measured:
        for _ in range(20):
            answer = clients[page.who].get(page.path)
            assert answer.status_code == 200, (page.path, answer.status_code)
    for _ in range(arguments.rounds):
        for page in measured:
            client = clients[page.who]
            for _ in range(arguments.requests):
                wall, cpu = time.perf_counter(), time.process_time()
                client.get(page.path)
                walls[page.name].append((time.perf_counter() - wall) * 1000)
                cpus[page.name].append((time.process_time() - cpu) * 1000)

    wall_of = {name: statistics.median(values) for name, values in walls.items()}
    print("| page | wall ms | CPU ms | vs bare |")
    print("| --- | ---: | ---: | ---: |")
    for page in measured:
        name = page.name
        share = ""
        if page.compare_to:
            bare = next(other.name for other in measured if other.name.startswith(page.compare_to))
            share = f"{wall_of[bare] / wall_of[name]:.0%} of {page.compare_to}"
        print(f"| {name} | {wall_of[name]:.1f} | {statistics.median(cpus[name]):.1f} | {share} |")
    return 0


if __name__ == "__main__":
    sys.exit(main())
