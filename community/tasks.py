"""Periodic jobs of the communities. Thin: each task calls one service, safe to run twice."""

from celery import shared_task

from .peers.sweep import suggest_peers as sweep


@shared_task(name="community.suggest_peers")
def suggest_peers() -> int:
    """The weekly peer suggestions; a second run in the same ISO week writes nothing new.
    Returns how many suggestions were written."""
    return sweep().written
