"""How a webhook request is signed, and how a receiver checks it (no Django here).

The header is `X-Ecosystem-Signature: t=<unix seconds>, v1=<hex>`, where v1 is
HMAC-SHA256 with the endpoint's secret over "<t>." followed by the raw body, as Stripe
signs its events. Signing the timestamp with the body lets a receiver refuse a replayed
request: `verify` accepts only a timestamp within `tolerance` seconds of its own clock.
"""

import hashlib
import hmac
import secrets

HEADER = "X-Ecosystem-Signature"
SECRET_PREFIX = "whsec_"  # noqa: S105 (a label, not a secret)


def new_secret() -> str:
    return SECRET_PREFIX + secrets.token_urlsafe(32)


def signature(secret: str, timestamp: int, body: bytes) -> str:
    message = str(int(timestamp)).encode() + b"." + body
    return hmac.new(secret.encode(), message, hashlib.sha256).hexdigest()


def header_value(secret: str, timestamp: int, body: bytes) -> str:
    return f"t={int(timestamp)}, v1={signature(secret, timestamp, body)}"


def verify(secret: str, header: str, body: bytes, *, now: float, tolerance: int = 300) -> bool:
    """True when `header` signs `body` with `secret` at a time within `tolerance` seconds
    of `now`. Any v1 in the header may match (a receiver may be sent more than one)."""
    parts = [part.strip().split("=", 1) for part in (header or "").split(",")]
    values = [part for part in parts if len(part) == 2]
    timestamps = [value for name, value in values if name == "t"]
    if len(timestamps) != 1 or not timestamps[0].isdigit():
        return False
    timestamp = int(timestamps[0])
    if abs(now - timestamp) > tolerance:
        return False
    expected = signature(secret, timestamp, body)
    return any(hmac.compare_digest(expected, value) for name, value in values if name == "v1")
