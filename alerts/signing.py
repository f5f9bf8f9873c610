"""Webhook signatures: HMAC-SHA256 over the timestamp and the body. No Django, so receivers can copy it.

Header::

    Motietracker-Signature: t=1733000000,v1=5f2b…(64 hex)

``v1 = hex(HMAC_SHA256(secret, f"{t}.{body}"))`` where ``body`` is the raw request body, byte for
byte. A receiver recomputes it with its secret, compares in constant time, and refuses a ``t``
more than five minutes from its own clock — a captured request cannot be replayed later, and the
body cannot be changed without the secret. During a secret rotation several ``v1=`` may appear;
any one that matches is enough.
"""

from __future__ import annotations

import hashlib
import hmac
import time

HEADER = "Motietracker-Signature"
DELIVERY_HEADER = "Motietracker-Delivery"
EVENT_HEADER = "Motietracker-Event"
TOLERANCE_SECONDS = 300


class SignatureError(ValueError):
    """The signature is missing, malformed, wrong or too old."""


def compute(secret: str, timestamp: int, body: bytes) -> str:
    message = str(int(timestamp)).encode() + b"." + body
    return hmac.new(secret.encode(), message, hashlib.sha256).hexdigest()


def sign(secret: str, body: bytes, timestamp: int | None = None) -> str:
    """The header value for ``body`` signed now (or at ``timestamp``)."""
    t = int(time.time() if timestamp is None else timestamp)
    return f"t={t},v1={compute(secret, t, body)}"


def verify(secret: str, body: bytes, header: str | None, *, tolerance: int = TOLERANCE_SECONDS, now: float | None = None) -> int:
    """Check a received signature; returns its timestamp or raises SignatureError."""
    if not header:
        raise SignatureError("no signature header")
    timestamp: int | None = None
    signatures: list[str] = []
    for part in header.split(","):
        name, _, value = part.strip().partition("=")
        if name == "t" and value.isdigit():
            timestamp = int(value)
        elif name == "v1":
            signatures.append(value)
    if timestamp is None or not signatures:
        raise SignatureError("malformed signature header")
    current = time.time() if now is None else now
    if abs(current - timestamp) > tolerance:
        raise SignatureError("timestamp outside the tolerance (replayed or clock skew)")
    expected = compute(secret, timestamp, body)
    if not any(hmac.compare_digest(expected, candidate) for candidate in signatures):
        raise SignatureError("signature does not match")
    return timestamp
