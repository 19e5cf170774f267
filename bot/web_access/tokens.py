"""Random tokens for links and sessions, and the digests stored in their place."""

from __future__ import annotations

import hashlib
import hmac
import secrets

TOKEN_BYTES = 32  # 256 bits: guessing one is out of reach, whatever the rate limit


def new_token() -> str:
    return secrets.token_urlsafe(TOKEN_BYTES)


def digest(token: str) -> str:
    """What the database keeps of a token: enough to recognise it, useless to present."""
    return hashlib.sha256(token.encode("utf-8", "replace")).hexdigest()


def csrf_of(session_token: str) -> str:
    """A session's CSRF token: derived from the session's secret, so nothing more is stored and
    no other site can compute it (it never sees the session cookie)."""
    return hmac.new(session_token.encode(), b"supportbot-csrf", hashlib.sha256).hexdigest()


def same(a: str, b: str) -> bool:
    return hmac.compare_digest(a.encode("utf-8", "replace"), b.encode("utf-8", "replace"))
