"""The ticket page, and the agent actions posted from it (through :class:`DeskPort`).

A done action redirects to the page with a confirmation (post, redirect, get: a reload does not
act twice); a refusal shows the page again with the core's own words and the texts typed.
"""

from __future__ import annotations

import re
from urllib.parse import urlencode

from aiohttp import web

from adapters.web.context import context_of, render, run
from adapters.web.desk_port import PAGE_ACTIONS, ActionOutcome, available_actions
from adapters.web.security import current
from adapters.web.texts import WebTexts
from bot.i18n import keys
from bot.lifecycle.ticket_buttons import TEXT_FIELDS, AgentAction
from bot.web_access.sessions import OpenSession

_REFERENCE = re.compile(r"^[A-Za-z]{1,16}-\d{1,12}$")
_ACTIONS = {a.value: a for a in PAGE_ACTIONS}


def _reference(request: web.Request) -> str:
    """The reference in the URL, if it looks like one (anything else cannot name a ticket)."""
    reference = request.match_info["reference"]
    if not _REFERENCE.match(reference):
        raise web.HTTPNotFound(text="No such ticket.")
    return reference.upper()


def _session(request: web.Request) -> OpenSession:
    open_session = current(request)
    if open_session is None:  # the guard lets no request without a session reach here
        raise web.HTTPUnauthorized(text="Sign in first.")
    return open_session


async def ticket(request: web.Request) -> web.StreamResponse:
    done = _ACTIONS.get(request.query.get("done", ""))
    return await _page(request, done=done, kept=request.query.get("kept") == "1")


async def _page(request: web.Request, *, done: AgentAction | None = None, kept: bool = False, refusal: str = "",
                typed: dict[str, str] | None = None, status: int = 200) -> web.StreamResponse:
    context = context_of(request)
    account = _session(request).account
    reference = _reference(request)
    view = await run(lambda: context.port.ticket(reference))
    if view is None:
        return render(request, "message.html", status=404, title_key="web.ticket.not_found",
                      text_key="web.ticket.not_found_text", reference=reference[:40])
    texts = context.texts(account.lang)
    flash = done_text(texts, done, view.reference, account.name) if done else ""
    if done and kept:
        flash += " " + texts("web.ticket.note_kept")
    return render(request, "ticket.html", status=status, ticket=view, now=context.port.now(),
                  actions=available_actions(view, account), fields=TEXT_FIELDS, flash=flash, refusal=refusal,
                  typed=typed or {}, max_text=context.port.max_text, may_act=account.may_act)


def done_text(texts: WebTexts, action: AgentAction, reference: str, name: str) -> str:
    """What the agent did, as the agents' thread says it (a note: that it stays internal)."""
    if action is AgentAction.NOTE:
        return texts("web.ticket.note_added", reference=reference)
    key = keys.done(action.ticket_action, next_update=action is AgentAction.WAIT_DEV_NEXT)
    return texts(key, reference=reference, agent=name, by=name)


async def act(request: web.Request) -> web.StreamResponse:
    context = context_of(request)
    open_session = _session(request)
    reference = _reference(request)
    form = await request.post()
    action = _ACTIONS.get(str(form.get("action", "")))
    if action is None:
        raise web.HTTPBadRequest(text="Unknown action.")
    text, message = str(form.get("text", "")), str(form.get("message", ""))
    typed = {"action": action.value, "text": text, "message": message}
    longest = max(len(text), len(message))
    if longest > context.port.max_text:
        refusal = context.texts(open_session.account.lang)("web.ticket.too_long", length=longest, limit=context.port.max_text)
        return await _page(request, refusal=refusal, typed=typed, status=422)
    outcome: ActionOutcome = await run(lambda: context.port.act(open_session.account, reference, action, text, message))
    if outcome.not_found:
        raise web.HTTPNotFound(text="No such ticket.")
    if outcome.result is None:
        return await _page(request, refusal=outcome.refusal, typed=typed, status=409)
    context.metrics.web_actions.labels(outcome.result.action.value).inc()
    query = {"done": action.value, **({"kept": "1"} if outcome.result.note_kept else {})}
    raise web.HTTPSeeOther(f"/tickets/{outcome.result.reference}?{urlencode(query)}")
