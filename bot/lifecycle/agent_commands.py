"""What agents type: an action on a ticket (``claim SUP-000042``, ``/reply texte``, ``!note …``,
``requalify SUP-000042 priority major``, ``merge SUP-000043 into SUP-000042``), the list of open
tickets, a ticket's card, a search over every ticket, or a sign-in link to the web desk (``/web``,
``/connexion``). In French or English."""

from __future__ import annotations

import enum
import re
from dataclasses import dataclass

from bot.messages import Platform
from bot.text import fold
from bot.tickets.actions import TicketAction as A
from bot.triage.fields import TriageField

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
    "requalify": (A.REQUALIFY, False), "requalifier": (A.REQUALIFY, False), "rq": (A.REQUALIFY, False),
    "queue": (A.ROUTE, False), "file": (A.ROUTE, False), "route": (A.ROUTE, False),
    "merge": (A.MERGE, False), "fusionner": (A.MERGE, False),
    "canned": (A.CANNED, False), "modele": (A.CANNED, False), "modèle": (A.CANNED, False),
    "article": (A.ARTICLE, False), "kb": (A.ARTICLE, False),
}  # fmt: skip
_FIELD_NAMES = {
    "type": TriageField.TYPE, "priority": TriageField.PRIORITY, "priorite": TriageField.PRIORITY,
    "product": TriageField.PRODUCT, "produit": TriageField.PRODUCT, "logiciel": TriageField.PRODUCT,
    "module": TriageField.MODULE, "theme": TriageField.MODULE, "version": TriageField.VERSION,
    "urgency": TriageField.URGENCY, "urgence": TriageField.URGENCY, "organisation": TriageField.ORGANISATION,
    "organization": TriageField.ORGANISATION, "org": TriageField.ORGANISATION, "client": TriageField.ORGANISATION,
}
_INTO = re.compile(r"^(?:into|in|with|dans|avec|vers|->|→)\s+", re.I)
_SEARCHES = {"search", "chercher", "recherche", "find"}
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
    SEARCH = "search"
    SIGN_IN = "sign_in"


@dataclass(frozen=True)
class AgentCommand:
    kind: CommandKind
    action: A | None = None
    next_update: bool = False
    reference: str | None = None  # None: the ticket of the thread it is written in
    rest: str = ""
    field: TriageField | None = None  # requalify: the field named (``rest`` is then the value)


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
    typed_command = bool(match.group("prefix")) or platform is Platform.CONSOLE
    if name in _SIGN_INS and not reference and not rest and typed_command:
        return AgentCommand(CommandKind.SIGN_IN)
    if name in _SEARCHES and typed_command:
        return AgentCommand(CommandKind.SEARCH, rest=" ".join(part for part in (reference, rest) if part))
    if name not in _ACTIONS or not typed_command:
        return None
    action, next_update = _ACTIONS[name]
    if action is A.REQUALIFY:
        head, _, value = rest.partition(" ")
        field = _FIELD_NAMES.get(fold(head)) if head else None
        if field is not None:
            return AgentCommand(CommandKind.ACTION, action, reference=reference, rest=value.strip(), field=field)
    if action is A.MERGE:
        rest = _INTO.sub("", rest)
    return AgentCommand(CommandKind.ACTION, action, next_update, reference, rest)
