"""Who may see what: sessions from the cookie, roles, CSRF, and the headers every answer carries.

Everything is refused unless a handler is marked :func:`public` (the sign-in pages, static
files): a page added later without thought is private. Pages need a session (a browser without
one is sent to the sign-in page), forms need the session's CSRF token and a same-origin request,
and :func:`leads_only` pages need the team lead role.
"""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable
from urllib.parse import quote, urlsplit

from aiohttp import web

from bot.web_access.sessions import OpenSession
from bot.web_access.tokens import same

COOKIE = "supportbot_session"
SESSION_KEY = web.RequestKey("session", object)
TOKEN_KEY = web.RequestKey("session_token", str)
Handler = Callable[[web.Request], Awaitable[web.StreamResponse]]
_SAFE = {"GET", "HEAD", "OPTIONS"}

CSP = ("default-src 'none'; style-src 'self'; img-src 'self' data:; form-action 'self'; "
       "frame-ancestors 'none'; base-uri 'none'")


def public(handler: Handler) -> Handler:
    handler.public = True  # type: ignore[attr-defined]
    return handler


def leads_only(handler: Handler) -> Handler:
    handler.leads_only = True  # type: ignore[attr-defined]
    return handler


def client_address(request: web.Request, trust_proxy: bool) -> str:
    if trust_proxy:
        forwarded = request.headers.get("X-Forwarded-For", "")
        hops = [h.strip() for h in forwarded.split(",") if h.strip()]
        if hops:
            return hops[-1][:64]  # the address our proxy saw: the only hop we can trust
    return (request.remote or "unknown")[:64]


def current(request: web.Request) -> OpenSession | None:
    found = request.get(SESSION_KEY)
    return found if isinstance(found, OpenSession) else None


def make_guard(lookup: Callable[[str], OpenSession | None]) -> Callable[..., Awaitable[web.StreamResponse]]:
    """The middleware that applies the rules above; ``lookup`` finds a live session by its token
    (a database call: it runs in a thread)."""

    @web.middleware
    async def guard(request: web.Request, handler: Handler) -> web.StreamResponse:
        target = getattr(request.match_info, "handler", None)
        is_public = getattr(target, "public", False) or request.path.startswith("/static/")
        token = request.cookies.get(COOKIE, "")
        open_session = await asyncio.to_thread(lookup, token) if token else None
        request[SESSION_KEY] = open_session
        request[TOKEN_KEY] = token if open_session else ""
        try:
            if request.method not in _SAFE and not _same_origin(request):
                raise web.HTTPForbidden(text="Cross-site request refused.")
            if not is_public:
                await _check(request, target, open_session)
            response = await handler(request)
        except web.HTTPException as refusal:
            _harden(refusal, private=True)
            raise
        _harden(response, private=not is_public or open_session is not None)
        return response

    return guard


async def _check(request: web.Request, target: object, open_session: OpenSession | None) -> None:
    if open_session is None:
        if request.method in _SAFE:
            raise web.HTTPSeeOther(f"/signin?next={quote(request.path_qs, safe='')}")
        raise web.HTTPUnauthorized(text="Sign in first.")
    if getattr(target, "leads_only", False) and not open_session.account.role.sees_reports:
        raise web.HTTPForbidden(text="Team leads only.")
    if request.method not in _SAFE:
        form = await request.post()
        if not same(str(form.get("csrf", "")), open_session.csrf):
            raise web.HTTPForbidden(text="This form has expired: reload the page and try again.")


def _same_origin(request: web.Request) -> bool:
    """A form must come from a page of ours: browsers send Origin (or at least Referer) with POSTs."""
    origin = request.headers.get("Origin") or request.headers.get("Referer")
    if not origin:
        return True  # not a browser (curl, tests): CSRF tokens still apply
    seen = urlsplit(origin)
    return seen.netloc == request.host


def _harden(response: web.StreamResponse, *, private: bool) -> None:
    headers = response.headers
    headers.setdefault("Content-Security-Policy", CSP)
    headers.setdefault("X-Content-Type-Options", "nosniff")
    headers.setdefault("X-Frame-Options", "DENY")
    headers.setdefault("Referrer-Policy", "same-origin")  # a sign-in link never leaks to another site
    if private:
        headers["Cache-Control"] = "no-store"


def set_session_cookie(response: web.StreamResponse, token: str, max_age: int, secure: bool) -> None:
    response.set_cookie(COOKIE, token, max_age=max_age, httponly=True, samesite="Lax", secure=secure, path="/")


def clear_session_cookie(response: web.StreamResponse, secure: bool) -> None:
    response.del_cookie(COOKIE, path="/", secure=secure, httponly=True, samesite="Lax")

