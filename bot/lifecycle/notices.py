"""What the ticket service tells people other than the one who acted: requesters' notices (in the
ticket's language, with the commands of their platform) and lines for the agents' thread."""

from __future__ import annotations

from datetime import timedelta

from bot.i18n import Catalog, Language, keys
from bot.i18n.commands import CommandHints
from bot.lifecycle.ticket_buttons import RequesterAction, requester_button
from bot.messages import Choice, TextReply
from bot.storage.models import TicketRow
from bot.tickets.actions import TicketAction
from bot.tickets.results import ActionResult

# A notice that says nothing but "your ticket moved", by the action that moved it.
_STATUS_NOTICES = {
    TicketAction.ESCALATE: "notice.escalated", TicketAction.HOLD: "notice.on_hold",
    TicketAction.RESUME: "notice.resumed", TicketAction.REOPEN: "notice.reopened", TicketAction.CANCEL: "notice.cancelled",
}


class Notices:
    def __init__(self, catalog: Catalog, agents_language: Language, hints: CommandHints, reopen_window: timedelta) -> None:
        self.catalog = catalog
        self.agents_language = agents_language
        self.hints = hints
        self.reopen_window = reopen_window

    # --- to the requester -------------------------------------------------------------

    def to_requester(self, ticket: TicketRow, key: str, **params: object) -> TextReply:
        cmd = self.hints.requester(ticket.requester_platform)
        return TextReply(self.catalog.text(ticket.lang, key, reference=ticket.reference, cmd=cmd, **params))

    def status_notice(self, ticket: TicketRow, action: TicketAction) -> TextReply | None:
        key = _STATUS_NOTICES.get(action)
        return self.to_requester(ticket, key) if key else None

    def taken(self, ticket: TicketRow, agent: str) -> TextReply:
        return self.to_requester(ticket, "notice.in_progress", agent=agent)

    def reply(self, ticket: TicketRow, text: str) -> TextReply:
        return self.to_requester(ticket, "notice.agent_reply", text=text)

    def question(self, ticket: TicketRow, text: str) -> TextReply:
        return self.to_requester(ticket, "notice.ask", text=text)

    def waiting_development(self, ticket: TicketRow, next_update: bool) -> TextReply:
        return self.to_requester(ticket, "notice.waiting_development_next" if next_update else "notice.waiting_development")

    def closed(self, ticket: TicketRow) -> TextReply:
        return self.to_requester(ticket, "notice.closed", days=self.reopen_window.days)

    def resolution_question(self, ticket: TicketRow, message: str) -> TextReply:
        lang = ticket.lang
        text = self.catalog.text(lang, "notice.resolved", reference=ticket.reference)
        if message:
            text += "\n" + self.catalog.text(lang, "notice.support_message", text=message)
        choices = (
            Choice(requester_button(ticket.id, RequesterAction.CONFIRM), self.catalog.text(lang, "notice.confirm")),
            Choice(requester_button(ticket.id, RequesterAction.REFUSE), self.catalog.text(lang, "notice.refuse")),
        )
        return TextReply(text, choices)

    def priority_changed(self, ticket: TicketRow) -> TextReply:
        return self.to_requester(ticket, "notice.priority_changed",
                                 priority=self.catalog.text(ticket.lang, keys.priority(ticket.priority)))

    def merged(self, ticket: TicketRow, into: str) -> TextReply:
        """``into``: the reference the requester follows now; empty when it is someone else's ticket."""
        return self.to_requester(ticket, "notice.merged" if into else "notice.merged_elsewhere", into=into)

    def satisfaction_question(self, ticket: TicketRow) -> TextReply:
        choices = tuple(Choice(requester_button(ticket.id, RequesterAction.RATE, n), "★" * n) for n in range(1, 6))
        return TextReply(self.catalog.text(ticket.lang, "notice.satisfaction", reference=ticket.reference), choices)

    # --- to the agents ----------------------------------------------------------------

    def for_agents(self, key: str, **params: object) -> str:
        return self.catalog.text(self.agents_language, key, **params)

    def done(self, result: ActionResult, *, next_update: bool = False, assignee: str = "") -> str:
        """What an agent did, as the agents' thread says it (and the agent's own confirmation), with
        what it was about (the fields requalified, the canned response, the queue)."""
        return self.for_agents(keys.done(result.action, next_update=next_update), reference=result.reference,
                               agent=assignee or result.actor.name, by=result.actor.name, detail=result.detail)

    def requester_did(self, result: ActionResult) -> str:
        return self.for_agents(keys.requester_did(result.action), reference=result.reference, name=result.actor.name)
