"""Desk errors as the text the person who hit them reads: the one place where a
:class:`bot.errors.DeskError` becomes words, for an agent (in the agents' language, only to them)
or for a requester (in their language, with a way forward where there is one)."""

from __future__ import annotations

from bot.errors import (
    ActionRefused,
    DeskError,
    InvalidScore,
    MergeRefused,
    NotAnAgent,
    NothingToChange,
    NotYourTicket,
    ReopenWindowPassed,
    TextRequired,
    TicketNotFound,
    UnknownChoice,
)
from bot.i18n import Catalog, Language, keys
from bot.lifecycle.ticket_buttons import RequesterAction, requester_button
from bot.messages import Choice, Reply, TextReply
from bot.text import shorten
from bot.tickets.actions import TicketAction
from bot.tickets.status import TicketStatus

REFERENCE_SHOWN = 40  # a typed reference is echoed cut: it may be anything
_MERGE_REFUSALS = {"itself": "agent.merge_refused_itself", "merged": "agent.merge_refused_merged",
                   "closed": "agent.merge_refused_closed"}


class Refusals:
    def __init__(self, catalog: Catalog, agents_language: Language) -> None:
        self.catalog = catalog
        self.agents_language = agents_language

    def to_agent(self, error: DeskError, lang: Language | None = None) -> TextReply:
        """In the agents' language, or in ``lang`` where the agent chose their own (the web desk)."""
        return TextReply(self._agent_text(error, lang or self.agents_language), ephemeral=True)

    def to_requester(self, error: DeskError, lang: Language, *, ephemeral: bool = False) -> list[Reply]:
        t = self.catalog.text
        match error:
            case TicketNotFound():
                return [TextReply(t(lang, "tickets.not_found", reference=shorten(error.reference, REFERENCE_SHOWN)))]
            case NotYourTicket() | NotAnAgent():
                return [TextReply(t(lang, "requester.not_yours"), ephemeral=ephemeral)]
            case InvalidScore():
                return [TextReply(t(lang, "buttons.stale"))]
            case TextRequired():
                return [TextReply(t(lang, "intake.empty"))]
            case ActionRefused() if error.action is TicketAction.REQUESTER_MESSAGE and (
                    isinstance(error, ReopenWindowPassed) or error.status is TicketStatus.CANCELLED):
                key = "requester.closed_long_ago" if isinstance(error, ReopenWindowPassed) else "requester.cancelled_ticket"
                days = error.days if isinstance(error, ReopenWindowPassed) else 0
                relink = Choice(requester_button(error.ticket_id, RequesterAction.RELINK), t(lang, "requester.new_linked"))
                return [TextReply(t(lang, key, reference=error.reference, days=days), (relink,))]
            case ActionRefused() if error.action is TicketAction.RATE:
                return [TextReply(t(lang, "buttons.stale"))]
            case ActionRefused():
                status = t(lang, keys.status(error.status))
                return [TextReply(t(lang, "requester.not_now", reference=error.reference, status=status))]
        return [TextReply(t(lang, "buttons.unknown"))]

    def _agent_text(self, error: DeskError, a: Language) -> str:
        t = self.catalog.text
        match error:
            case TicketNotFound():
                return t(a, "agent.not_found", reference=shorten(error.reference, REFERENCE_SHOWN))
            case NotAnAgent():
                return t(a, "agent.not_an_agent")
            case TextRequired():
                return t(a, "agent.text_needed", field=t(a, error.field))
            case UnknownChoice():
                known = ", ".join(error.known) if error.known else t(a, "agent.nothing_available")
                return t(a, "agent.unknown_choice", what=t(a, error.what), given=shorten(error.given, REFERENCE_SHOWN),
                         known=shorten(known, 600))
            case NothingToChange():
                return t(a, "agent.nothing_to_change", reference=error.reference, what=error.what)
            case MergeRefused():
                return t(a, _MERGE_REFUSALS.get(error.why, "agent.merge_refused_closed"), reference=error.reference,
                         target=error.target)
            case ActionRefused():
                return t(a, "agent.refused", reference=error.reference, status=t(a, keys.agent_status(error.status)),
                         action=t(a, keys.action(error.action)))
        return t(a, "agent.unknown_ticket")
