"""The ticket page, and the agent actions posted from it (through :class:`DeskPort`): the card's
actions, the toolbox (a canned response, an article, a merge) and the Requalify form.

A done action redirects to the page with a confirmation (post, redirect, get: a reload does not
act twice); the confirmation's detail (what a requalification changed, where the ticket went) is
read back from the audit trail, never from the URL. A refusal shows the page again with the
core's own words and the texts typed.
"""

from __future__ import annotations

import re
from urllib.parse import urlencode

from aiohttp import web

from adapters.web.context import context_of, render, run
from adapters.web.desk_port import PAGE_ACTIONS, TOOLBOX, ActionOutcome, TicketScreen, available_actions
from adapters.web.requalify_form import every_field, form_inputs, submitted_changes
from adapters.web.security import current
from adapters.web.texts import WebTexts
from adapters.web.ticket_view import TicketView
from bot.i18n import keys
from bot.lifecycle.ticket_buttons import TEXT_FIELDS, AgentAction
from bot.lifecycle.transitions import allowed
from bot.tickets.actions import TicketAction
from bot.tickets.events import TicketEventKind
from bot.web_access.sessions import OpenSession

_REFERENCE = re.compile(r"^[A-Za-z]{1,16}-\d{1,12}$")
_ACTIONS = {a.value: a for a in (*PAGE_ACTIONS, *TOOLBOX)}
_DONE = {**_ACTIONS, AgentAction.REQUALIFY.value: AgentAction.REQUALIFY, AgentAction.SET_QUEUE.value: AgentAction.SET_QUEUE}
# Where a confirmation finds its detail: the latest line of this kind in the audit trail.
_DETAIL = {AgentAction.REQUALIFY: TicketEventKind.REQUALIFIED, AgentAction.SET_QUEUE: TicketEventKind.ROUTED}


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
    done = _DONE.get(request.query.get("done", ""))
    return await _page(request, done=done, kept=request.query.get("kept") == "1", item=request.query.get("item", ""))


async def _page(request: web.Request, *, done: AgentAction | None = None, kept: bool = False, refusal: str = "",
                typed: dict[str, str] | None = None, status: int = 200, item: str = "") -> web.StreamResponse:
    context = context_of(request)
    account = _session(request).account
    reference = _reference(request)
    screen: TicketScreen | None = await run(lambda: context.port.ticket(reference))
    if screen is None:
        return render(request, "message.html", status=404, title_key="web.ticket.not_found",
                      text_key="web.ticket.not_found_text", reference=reference[:40])
    view = screen.view
    texts = context.texts(account.lang)
    flash = done_text(texts, done, view, account.name, _canned(screen, item, texts)) if done else ""
    if done and kept:
        flash += " " + texts("web.ticket.note_kept")
    in_queue = context.port.in_queue(account, view)
    actions = available_actions(view, account, in_queue=in_queue)
    elsewhere = "" if in_queue or account.actor is None else texts(
        "agent.not_in_queue", reference=view.reference, queue=context.port.queue_name(view.triage.queue, account.lang),
        who=account.name)
    requalify = [] if not actions else form_inputs(view, context.bot.triage.config, screen.vocabulary, texts,
                                                   may_route=allowed(TicketAction.ROUTE, view.status))
    return render(request, "ticket.html", status=status, ticket=view, now=context.port.now(), actions=actions,
                  fields=TEXT_FIELDS, flash=flash, refusal=refusal, typed=typed or {}, max_text=context.port.max_text,
                  may_act=account.may_act, elsewhere=elsewhere, vocabulary=screen.vocabulary, requalify=requalify,
                  canned=screen.canned, articles=screen.articles, toolbox=_toolbox(view, actions, screen))


def _toolbox(view: TicketView, actions: tuple[AgentAction, ...], screen: TicketScreen) -> tuple[AgentAction, ...]:
    """The toolbox forms the page offers: what the table allows, with something to pick."""
    if not actions:
        return ()
    offered = {AgentAction.CANNED: bool(screen.canned), AgentAction.ARTICLE: bool(screen.articles), AgentAction.MERGE: True}
    return tuple(a for a in TOOLBOX if offered[a] and allowed(a.ticket_action, view.status))


def done_text(texts: WebTexts, action: AgentAction, view: TicketView, name: str, canned: str = "") -> str:
    """What the agent did, as the agents' thread says it (a note: that it stays internal)."""
    if action is AgentAction.NOTE:
        return texts("web.ticket.note_added", reference=view.reference)
    key = keys.done(action.ticket_action, next_update=action is AgentAction.WAIT_DEV_NEXT)
    return texts(key, reference=view.reference, agent=name, by=name, detail=canned or _detail(action, view))


def _detail(action: AgentAction, view: TicketView) -> str:
    """What the audit trail recorded of the action: the fields changed, the queues, the article sent."""
    if action is AgentAction.MERGE:
        return view.merged_into or ""
    kind = _DETAIL.get(action, TicketEventKind.REPLY if action is AgentAction.ARTICLE else None)
    said = [e.note for e in view.trail if e.kind is kind]
    return said[-1] if said else ""


def _canned(screen: TicketScreen, item: str, texts: WebTexts) -> str:
    """A canned response's title, in the viewer's language, when ``item`` names one."""
    return next((title.get(texts.lang) for canned_id, title in screen.canned if canned_id == item), "")


async def act(request: web.Request) -> web.StreamResponse:
    context = context_of(request)
    open_session = _session(request)
    reference = _reference(request)
    form = await request.post()
    action = _ACTIONS.get(str(form.get("action", "")))
    if action is None:
        raise web.HTTPBadRequest(text="Unknown action.")
    text, message, value = str(form.get("text", "")), str(form.get("message", "")), str(form.get("value", ""))
    typed = {"action": action.value, "text": text, "message": message}
    longest = max(len(text), len(message), len(value))
    if longest > context.port.max_text:
        refusal = context.texts(open_session.account.lang)("web.ticket.too_long", length=longest, limit=context.port.max_text)
        return await _page(request, refusal=refusal, typed=typed, status=422)
    outcome: ActionOutcome = await run(lambda: context.port.act(open_session.account, reference, action, text, message, value))
    return await _after(request, outcome, action, typed, item=value if action is AgentAction.CANNED else "")


async def requalify(request: web.Request) -> web.StreamResponse:
    context = context_of(request)
    account = _session(request).account
    reference = _reference(request)
    form = {key: str(value)[:200] for key, value in (await request.post()).items() if key != "csrf"}
    if not every_field(form) and "queue" not in form:
        raise web.HTTPBadRequest(text="Nothing to requalify.")  # the page's form always carries its fields
    screen: TicketScreen | None = await run(lambda: context.port.ticket(reference))
    if screen is None:
        raise web.HTTPNotFound(text="No such ticket.")
    changes, queue = submitted_changes(form, screen.view)
    outcome = await run(lambda: context.port.requalify(account, reference, changes, queue, every_field(form)))
    done = AgentAction.REQUALIFY if changes or queue is None else AgentAction.SET_QUEUE
    return await _after(request, outcome, done, {"action": AgentAction.REQUALIFY.value})


async def _after(request: web.Request, outcome: ActionOutcome, done: AgentAction, typed: dict[str, str],
                 item: str = "") -> web.StreamResponse:
    if outcome.not_found:
        raise web.HTTPNotFound(text="No such ticket.")
    if outcome.result is None:
        return await _page(request, refusal=outcome.refusal, typed=typed, status=409)
    context_of(request).metrics.web_actions.labels(outcome.result.action.value).inc()
    query = {"done": done.value, **({"kept": "1"} if outcome.result.note_kept else {}), **({"item": item} if item else {})}
    raise web.HTTPSeeOther(f"/tickets/{outcome.result.reference}?{urlencode(query)}")
