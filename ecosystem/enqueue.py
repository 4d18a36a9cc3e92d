"""Fire-and-forget tasks, published so that a stopped Redis never holds a page.

No result is kept (`ignore_result=True`): with Redis down, subscribing to a task's result
would hold the request for about 20 s of retries, while the publish alone gives up within
a second. A broker that cannot be reached is logged, not raised: the action already
committed, and its work waits in the database (an invitation with no `sent_at`, an email
row still pending) for the next send or sweep.
"""

import logging

logger = logging.getLogger(__name__)


def enqueue(task, **kwargs) -> bool:
    """Publish `task` with these keyword arguments, keeping no result; False when the
    broker could not be reached."""
    try:
        task.apply_async(kwargs=kwargs, ignore_result=True)
    except Exception:
        logger.exception("Could not enqueue %s%r; it waits in the database.", task.name, kwargs)
        return False
    return True
