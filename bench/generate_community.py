"""The community part of bench/generate.py: communities, memberships, threads and posts."""

import random
from datetime import datetime, timedelta

from bench_db import Copier

COMMUNITIES = 100
THREADS = 5_000
POSTS_PER_THREAD = 10  # on average; the benchmark's own thread has exactly 50


def load_communities(
    *,
    scale: float,
    rng: random.Random,
    now: datetime,
    customer_ids: list[int],
    categories: list[int],
    regions: list[int],
    bodies: list[tuple[str, str]],
) -> dict:
    """Communities (one in four members-only), two memberships per customer, threads in
    each, posts by members; thread 1 is a public community's thread of exactly 50 posts.
    `bodies` are (markdown, sanitised HTML) pairs. Returns the thread ids and counts."""
    from django.apps import apps

    model = apps.get_model
    customers = len(customer_ids)
    communities = max(2, round(COMMUNITIES * scale))
    threads = max(2, round(THREADS * scale))
    community_ids = Copier(model("community", "Community"), now).copy(
        (
            {
                "name": f"Bench community {i}",
                "slug": f"bench-community-{i}",
                "purpose": "People on the same journey, sharing what works.",
                "category_id": categories[i % len(categories)],
                "region_id": regions[i % len(regions)],
                "visibility": "members_only" if i % 4 == 0 else "public",
                "status": "active",
                "created_by_id": customer_ids[i % customers],
            }
            for i in range(communities)
        ),
        label="communities",
        total=communities,
    )
    pairs = {
        (community_ids[rng.randrange(communities)], user_id)
        for user_id in customer_ids
        for _ in range(2)
    }
    Copier(model("community", "CommunityMembership"), now).copy(
        (
            {"community_id": c, "user_id": u, "role": "moderator" if u % 97 == 0 else "member"}
            for c, u in sorted(pairs)
        ),
        label="community members",
        total=len(pairs),
    )
    from community.member_count import members_changed

    members_changed(*community_ids)  # COPY sends no signal: the counts are taken here
    members_of: dict[int, list[int]] = {}
    for community_id, user_id in pairs:
        members_of.setdefault(community_id, []).append(user_id)
    thread_plan = []  # (community, author, post count)
    for i in range(threads):
        community_id = community_ids[i % communities]
        authors = members_of.get(community_id) or customer_ids
        thread_plan.append(
            (community_id, rng.choice(authors), rng.randint(1, POSTS_PER_THREAD * 2 - 1))
        )
    # The benchmark's thread: a public community's thread of exactly 50 posts.
    public_community = community_ids[1 % communities]
    thread_plan[1 % threads] = (public_community, customer_ids[0], 50)
    thread_ids = Copier(model("community", "Thread"), now).copy(
        (
            {
                "community_id": community_id,
                "author_id": author,
                "title": f"Question {i}: what worked for you?",
                "kind": "question" if i % 2 else "discussion",
                "post_count": count,
                "last_activity_at": now - timedelta(minutes=i),
                "created_at": now - timedelta(days=30, minutes=i),
            }
            for i, (community_id, author, count) in enumerate(thread_plan)
        ),
        label="threads",
        total=threads,
    )
    post_total = sum(count for _c, _a, count in thread_plan)

    def post_rows():
        for thread_id, (community_id, _author, count) in zip(thread_ids, thread_plan, strict=True):
            authors = members_of.get(community_id) or customer_ids
            for number in range(count):
                body, body_html = bodies[number % len(bodies)]
                yield {
                    "thread_id": thread_id,
                    "author_id": rng.choice(authors),
                    "body": body,
                    "body_html": body_html,
                    "helpful_count": rng.randrange(4),
                    "created_at": now - timedelta(days=30) + timedelta(minutes=number),
                }

    Copier(model("community", "Post"), now).copy(post_rows(), label="posts", total=post_total)
    return {
        "thread_ids": thread_ids,
        "counts": {"communities": communities, "threads": threads, "posts": post_total},
    }
