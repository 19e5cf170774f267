"""The ticket page, and the agent actions posted from it (through :class:`DeskPort`)."""

from __future__ import annotations

import re
from urllib.parse import urlencode

from aiohttp import web

from adapters.web.context import context_of, render, run
from adapters.web.desk_port import Refusal, WebAction, available_actions
from adapters.web.security import current

MAX_TEXT = 4000
_REFERENCE = re.compile(r"^[A-Za-z]{1,16}-\d{1,12}$")


def _reference(request: web.Request) -> str:
    """The reference in the URL, if it looks like one (anything else cannot name a ticket)."""
    reference = request.match_info["reference"]
    if not _REFERENCE.match(reference):
        raise web.HTTPNotFound(text="No such ticket.")
    return reference


async def ticket(request: web.Request) -> web.StreamResponse:
    context = context_of(request)
    reference = _reference(request)
    view = await run(lambda: context.port.ticket(reference))
    if view is None:
        return render(request, "message.html", status=404, title_key="web.ticket.not_found",
                      text_key="web.ticket.not_found_text", reference=reference[:40])
    done = request.query.get("done", "")
    refused = request.query.get("refused", "")
    return render(request, "ticket.html", ticket=view, now=context.port.now(),
                  actions=available_actions(view.status), WebAction=WebAction,
                  done=done if done in {a.value for a in WebAction} else "",
                  refused=refused if refused in {r.value for r in Refusal} else "")


async def act(request: web.Request) -> web.StreamResponse:
    context = context_of(request)
    session = current(request)
    assert session is not None
    reference = _reference(request)
    form = await request.post()
    try:
        action = WebAction(str(form.get("action", "")))
    except ValueError:
        raise web.HTTPBadRequest(text="Unknown action.") from None
    text = str(form.get("text", ""))[:MAX_TEXT]
    outcome = await run(lambda: context.port.act(session.account, reference, action, text))
    if outcome.refusal is Refusal.UNKNOWN_TICKET:
        raise web.HTTPNotFound(text="No such ticket.")
    result = {"done": action.value} if outcome.done else {"refused": (outcome.refusal or Refusal.NOT_NOW).value}
    raise web.HTTPSeeOther(f"/tickets/{reference.strip().upper()}?{urlencode(result)}")
