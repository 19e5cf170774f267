"""Signing in with a one-time link, signing out, and the language switch.

``GET /signin/{token}`` only shows whose link it is and a button; ``POST`` redeems it (chat apps
fetch links to preview them, and must not burn them). Failed attempts are counted per client
address; past the limit every attempt from there is refused for a while, valid link or not.
"""

from __future__ import annotations

from aiohttp import web

from adapters.web.context import context_of, render, run
from adapters.web.security import TOKEN_KEY, clear_session_cookie, client_address, current, public, set_session_cookie
from bot.errors import SignInRefusal, SignInRefused
from bot.i18n import Language, normalize_language
from bot.web_access.accounts import WebAccount

_STATUS = {SignInRefusal.UNKNOWN: 404, SignInRefusal.USED: 410, SignInRefusal.EXPIRED: 410,
           SignInRefusal.NOT_ALLOWED: 403, SignInRefusal.THROTTLED: 429}


def _next(request: web.Request) -> str:
    """Where to go after signing in: a path of ours only (never another site)."""
    wanted = request.query.get("next", "")
    return wanted if wanted.startswith("/") and not wanted.startswith("//") and "\\" not in wanted else "/queue"


@public
async def how_to_sign_in(request: web.Request) -> web.StreamResponse:
    if current(request) is not None:
        raise web.HTTPSeeOther(_next(request))
    return render(request, "signin.html")


@public
async def sign_in_page(request: web.Request) -> web.StreamResponse:
    context = context_of(request)
    access = context.bot.web
    token = request.match_info["token"]
    client = client_address(request, context.trust_proxy)

    def peek() -> WebAccount:
        with context.bot.sessions.begin() as session:
            if access.throttle.blocked(session, client):
                raise SignInRefused(SignInRefusal.THROTTLED)
            try:
                return access.links.peek(session, token)
            except SignInRefused as refused:
                if refused.reason is SignInRefusal.UNKNOWN:  # guessing links counts against the limit
                    access.throttle.record(session, client, succeeded=False)
                raise

    try:
        account = await run(peek)
    except SignInRefused as refused:
        return _refused(request, refused.reason)
    return render(request, "signin_link.html", who=account.name, next=_next(request))


@public
async def sign_in(request: web.Request) -> web.StreamResponse:
    context = context_of(request)
    bot = context.bot
    token = request.match_info["token"]
    client = client_address(request, context.trust_proxy)

    def redeem() -> str:
        with bot.sessions.begin() as session:
            if bot.web.throttle.blocked(session, client):
                raise SignInRefused(SignInRefusal.THROTTLED)
            try:
                account = bot.web.links.redeem(session, token)
            except SignInRefused as refused:
                bot.web.throttle.record(session, client, succeeded=False)  # committed with nothing else
                failure = refused
            else:
                bot.web.throttle.record(session, client, succeeded=True)
                return bot.web.sessions.open(session, account, client)
        raise failure

    try:
        session_token = await run(redeem)
    except SignInRefused as refused:
        context.metrics.sign_ins.labels(refused.reason.value).inc()
        return _refused(request, refused.reason)
    context.metrics.sign_ins.labels("ok").inc()
    response = web.HTTPSeeOther(_next(request))
    max_age = int(bot.web.sessions.lifetime.total_seconds())
    set_session_cookie(response, session_token, max_age, context.secure_cookies)
    raise response


async def sign_out(request: web.Request) -> web.StreamResponse:
    context = context_of(request)
    token = request.get(TOKEN_KEY, "")

    def end() -> None:
        with context.bot.sessions.begin() as session:
            context.bot.web.sessions.end(session, token)

    await run(end)
    response = web.HTTPSeeOther("/signin")
    clear_session_cookie(response, context.secure_cookies)
    raise response


async def switch_language(request: web.Request) -> web.StreamResponse:
    context = context_of(request)
    open_session = current(request)
    assert open_session is not None
    form = await request.post()
    lang = normalize_language(str(form.get("lang", "")), Language.FR)

    def store() -> None:
        with context.bot.sessions.begin() as session:
            context.bot.web.accounts.set_language(session, open_session.account.id, lang)

    await run(store)
    back = str(form.get("back", "/queue"))
    raise web.HTTPSeeOther(back if back.startswith("/") and not back.startswith("//") else "/queue")


def _refused(request: web.Request, reason: SignInRefusal) -> web.Response:
    return render(request, "signin.html", status=_STATUS.get(reason, 400), refusal=reason.value)
