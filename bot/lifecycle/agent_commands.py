"""What agents type: an action on a ticket (``claim SUP-000042``, ``/reply texte``, ``!note …``),
the list of open tickets, a ticket's card, or a sign-in link to the web desk (``/web``,
``/connexion``). In French or English."""

from __future__ import annotations

import enum
import re
from dataclasses import dataclass

from bot.messages import Platform
from bot.tickets.actions import TicketAction as A

_ACTIONS: dict[str, tuple[A, bool]] = {
    "claim": (A.CLAIM, False), "prendre": (A.CLAIM, False),
    "ask": (A.ASK, False), "demander": (A.ASK, False),
    "escalate": (A.ESCALATE, False), "escalader": (A.ESCALATE, False),
    "dev": (A.WAIT_DEVELOPMENT, False), "devnext": (A.WAIT_DEVELOPMENT, True),
    "hold": (A.HOLD, False), "pause": (A.HOLD, False),
    "resume": (A.RESUME, False), "reprendre": (A.RESUME, False),
    "resolve": (A.RESOLVE, False), "resoudre": (A.RESOLVE, False), "résoudre": (A.RESOLVE, False),
    "close": (A.CLOSE, False), "clore": (A.CLOSE, False), "fermer": (A.CLOSE, False),
    "reopen": (A.REOPEN, False), "rouvrir": (A.REOPEN, False),
    "cancel": (A.CANCEL, False), "annuler": (A.CANCEL, False),
    "reply": (A.REPLY, False), "r": (A.REPLY, False), "repondre": (A.REPLY, False), "répondre": (A.REPLY, False),
    "note": (A.NOTE, False),
}  # fmt: skip
_LISTS = {"list", "liste"}
_SHOWS = {"show", "voir", "card", "fiche"}
_SIGN_INS = {"web", "connexion", "signin", "login"}  # a sign-in link to the web desk, sent privately
# Telegram appends "@botname" to a command chosen from a group's menu.
_COMMAND = re.compile(
    r"^(?P<prefix>[/!]?)(?P<name>[^\W\d_]+)(?:@\w+)?(?:\s+(?P<ref>[A-Za-z]{1,10}-\d{1,10})\b)?(?:\s+(?P<rest>.*))?$", re.S)


class CommandKind(enum.Enum):
    ACTION = "action"
    LIST = "list"
    SHOW = "show"
    SIGN_IN = "sign_in"


@dataclass(frozen=True)
class AgentCommand:
    kind: CommandKind
    action: A | None = None
    next_update: bool = False
    reference: str | None = None  # None: the ticket of the thread it is written in
    rest: str = ""


def parse_agent_command(text: str, platform: Platform) -> AgentCommand | None:
    """A command, if the message is one. Elsewhere than the console an action starts with "/" or
    "!": in a ticket's thread "note that I claimed the server" stays a note. "list" and "show"
    alone are commands everywhere."""
    match = _COMMAND.match(text.strip())
    if match is None:
        return None
    name = match.group("name").lower()
    reference, rest = match.group("ref"), (match.group("rest") or "").strip()
    if name in _LISTS and not reference and not rest:
        return AgentCommand(CommandKind.LIST)
    if name in _SHOWS and not rest:
        return AgentCommand(CommandKind.SHOW, reference=reference)
    if name in _SIGN_INS and not reference and not rest and (match.group("prefix") or platform is Platform.CONSOLE):
        return AgentCommand(CommandKind.SIGN_IN)
    if name not in _ACTIONS or (not match.group("prefix") and platform is not Platform.CONSOLE):
        return None
    action, next_update = _ACTIONS[name]
    return AgentCommand(CommandKind.ACTION, action, next_update, reference, rest)
