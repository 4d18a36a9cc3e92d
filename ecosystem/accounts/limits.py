"""Brute-force limits on signing in, with the page and the API saying when to try again.

The counting is allauth's (its rate limits in the shared cache, ACCOUNT_RATE_LIMITS):
"login_failed" holds 5 failed sign-ins per account in 30 minutes, so the 6th attempt is
refused before the password is even checked, right or wrong. A successful password reset
clears an account's count (allauth does so). The API's tokens are held to the same
figure per client address (API_TOKEN_FAILURE_LIMIT): a wrong token names no account, so
the address that keeps guessing is what gets stopped, a right token from it included.
A refused token that does name an account (a real token of a deactivated account) counts
against that account too (API_TOKEN_ACCOUNT_FAILURE_LIMIT), from whatever address.
With Redis unreachable the counts go on in each process's memory (ecosystem/cache.py).
"""

import math
import time

from allauth.core.internal import ratelimit
from django.conf import settings
from django.core.cache import cache
from django.http import HttpRequest

TOKEN_APP = "ecosystem.accounts"  # noqa: S105 (names of a limit, not secrets)
TOKEN_FAILED = "token_failed"  # noqa: S105
TOKEN_ACCOUNT_FAILED = "token_account_failed"  # noqa: S105


def seconds_until_allowed(
    request: HttpRequest, *, app: str, action: str, key: str | None = None, config=None
) -> int:
    """How long until one more attempt fits every rate of `action` (0: now)."""
    now = time.time()
    wait = 0.0
    for rate in ratelimit.get_rates(app=app, action=action, config=config):
        if rate.per == "key" and key is None:
            continue
        cache_key = ratelimit.get_cache_key(request, app=app, action=action, rate=rate, key=key)
        recent = [stamp for stamp in cache.get(cache_key, []) if stamp > now - rate.duration]
        if len(recent) >= rate.amount:
            # Newest first: one more fits once the amount-th newest has aged out.
            wait = max(wait, recent[rate.amount - 1] + rate.duration - now)
    return math.ceil(wait)


def _token_config() -> dict[str, str]:
    return {
        TOKEN_FAILED: settings.API_TOKEN_FAILURE_LIMIT,
        TOKEN_ACCOUNT_FAILED: settings.API_TOKEN_ACCOUNT_FAILURE_LIMIT,
    }


def token_wait(request: HttpRequest) -> int:
    return seconds_until_allowed(
        request, app=TOKEN_APP, action=TOKEN_FAILED, config=_token_config()
    )


def token_failed(request: HttpRequest) -> None:
    # limit_get: allauth counts only POSTs unless told; a token guess is any method.
    ratelimit.consume(
        request, app=TOKEN_APP, action=TOKEN_FAILED, config=_token_config(), limit_get=True
    )


def minutes(seconds: int) -> int:
    return max(1, math.ceil(seconds / 60))


def token_account_wait(request: HttpRequest, *, account: str) -> int:
    return seconds_until_allowed(
        request, app=TOKEN_APP, action=TOKEN_ACCOUNT_FAILED, key=account, config=_token_config()
    )


def token_account_failed(request: HttpRequest, *, account: str) -> None:
    ratelimit.consume(
        request,
        app=TOKEN_APP,
        action=TOKEN_ACCOUNT_FAILED,
        key=account,
        config=_token_config(),
        limit_get=True,
    )
