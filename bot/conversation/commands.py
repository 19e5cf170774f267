"""Typed commands, in French and English, available at any step of a conversation."""

from __future__ import annotations

import enum
from dataclasses import dataclass

from bot.text import fold


class Command(str, enum.Enum):
    START = "start"
    HELP = "help"
    BACK = "back"
    SKIP = "skip"
    CANCEL = "cancel"
    RESTART = "restart"
    LANGUAGE = "language"
    TICKETS = "tickets"
    STATUS = "status"
    REPLY = "reply"  # /reply REF text: add a message to one of my tickets
    CLOSE = "close"  # /close REF: no answer expected any more
    KB = "kb"  # the knowledge base only
    SEARCH = "search"  # the knowledge base and my own tickets
    READ = "read"
    SIGN_IN = "sign_in"  # a sign-in link to the web desk (support team only)


@dataclass(frozen=True)
class TypedCommand:
    command: Command
    argument: str = ""


# "/word" always is a command; a bare word is one only when it is the whole message.
_SLASH = {
    "start": Command.START, "demarrer": Command.START,
    "help": Command.HELP, "aide": Command.HELP,
    "back": Command.BACK, "retour": Command.BACK, "precedent": Command.BACK,
    "skip": Command.SKIP, "passer": Command.SKIP,
    "cancel": Command.CANCEL, "annuler": Command.CANCEL,
    "restart": Command.RESTART, "recommencer": Command.RESTART, "new": Command.RESTART,
    "nouveau": Command.RESTART, "nouvelle": Command.RESTART,
    "lang": Command.LANGUAGE, "language": Command.LANGUAGE, "langue": Command.LANGUAGE,
    "tickets": Command.TICKETS, "mestickets": Command.TICKETS, "demandes": Command.TICKETS,
    "reply": Command.REPLY, "repondre": Command.REPLY, "ajouter": Command.REPLY,
    "status": Command.STATUS, "statut": Command.STATUS, "suivi": Command.STATUS,
    "kb": Command.KB, "faq": Command.KB, "search": Command.SEARCH, "chercher": Command.SEARCH,
    "recherche": Command.SEARCH, "rechercher": Command.SEARCH,
    "close": Command.CLOSE, "fermer": Command.CLOSE, "clore": Command.CLOSE, "cloturer": Command.CLOSE,
    "read": Command.READ, "article": Command.READ, "lire": Command.READ,
    "web": Command.SIGN_IN, "connexion": Command.SIGN_IN, "signin": Command.SIGN_IN, "login": Command.SIGN_IN,
}
_BARE = {
    "help": Command.HELP, "aide": Command.HELP, "?": Command.HELP,
    "back": Command.BACK, "retour": Command.BACK,
    "skip": Command.SKIP, "passer": Command.SKIP,
    "cancel": Command.CANCEL, "annuler": Command.CANCEL,
    "restart": Command.RESTART, "start over": Command.RESTART, "recommencer": Command.RESTART,
    "english": Command.LANGUAGE, "francais": Command.LANGUAGE,
}
_BARE_LANGUAGE = {"english": "en", "francais": "fr"}


def parse_command(text: str) -> TypedCommand | None:
    stripped = text.strip()
    if stripped.startswith("/"):
        head, _, rest = stripped[1:].partition(" ")
        name = fold(head.split("@", 1)[0])  # Telegram appends "@botname" in groups
        command = _SLASH.get(name.replace(" ", ""))
        return TypedCommand(command, rest.strip()) if command else None
    folded = fold(stripped) if stripped != "?" else "?"
    command = _BARE.get(folded)
    if command is None:
        return None
    return TypedCommand(command, _BARE_LANGUAGE.get(folded, ""))
