"""What agents and requesters see of a ticket: the agents' card and the requester's notices."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import replace
from datetime import datetime

from bot.i18n import keys
from bot.i18n import Catalog, Language
from bot.sla.policy import SlaMilestone
from bot.lifecycle.ticket_buttons import AgentAction, RequesterAction, agent_button, requester_button
from bot.messages import Attachment, Choice, ForwardedFile, Platform, RecapField, TextReply, TicketCard
from sqlalchemy.orm import object_session

from bot.storage.models import TicketRow
from bot.text import shorten
from bot.tickets.status import TicketStatus

ANSWER_LIMIT = 600

# Formats a due time in the business calendar's zone and a language (see bot.sla).
MomentFormatter = Callable[[datetime, Language], str]

_ACTIONS_BY_STATUS: dict[TicketStatus, tuple[AgentAction, ...]] = {
    TicketStatus.RESOLVED: (AgentAction.CLOSE, AgentAction.REPLY),
    TicketStatus.CLOSED: (),
    TicketStatus.CANCELLED: (),
}
_ALL_ACTIONS = (
    AgentAction.CLAIM, AgentAction.ASK, AgentAction.ESCALATE, AgentAction.WAIT_DEV,
    AgentAction.RESOLVE, AgentAction.CLOSE, AgentAction.REPLY,
)
_TEXT_LABELS = {AgentAction.ASK: "agent.ask_field", AgentAction.ESCALATE: "agent.escalate_field",
                AgentAction.REPLY: "agent.reply_field", AgentAction.NOTE: "agent.note_field"}


class TicketCards:
    def __init__(self, catalog: Catalog, agents_language: Language, format_moment: MomentFormatter) -> None:
        self.catalog = catalog
        self.lang = agents_language
        self.format_moment = format_moment

    def t(self, key: str, **params: object) -> str:
        return self.catalog.text(self.lang, key, **params)

    def agent_choice(self, ticket: TicketRow, action: AgentAction) -> Choice:
        needs = self.t(_TEXT_LABELS[action]) if action in _TEXT_LABELS else None
        return Choice(agent_button(ticket.id, action), self.t(f"agent.action_{action.value}"), needs)

    def forwarded(self, ticket: TicketRow, attachments: Iterable[Attachment]) -> tuple[ForwardedFile, ...]:
        """The files agents may be shown by the platform's own file id (the couriers pick theirs)."""
        requester_platform = Platform(ticket.requester_platform)
        return tuple(
            ForwardedFile(a if a.platform else replace(a, platform=requester_platform),
                          self.t("agent.file_caption", reference=ticket.reference, name=a.name),
                          self.t("agent.file_not_forwarded", reference=ticket.reference, name=a.name))
            for a in attachments
            if a.platform_file_id
        )

    def attachments_of(self, ticket: TicketRow) -> list[Attachment]:
        return [Attachment.from_record(a, Platform(ticket.requester_platform)) for a in ticket.attachments]

    def new_ticket_card(self, ticket: TicketRow) -> TicketCard:
        """The first card of a ticket: the requester's files follow it (updates edit the card alone)."""
        return replace(self.agent_card(ticket), files=self.forwarded(ticket, self.attachments_of(ticket)))

    def agent_card(self, ticket: TicketRow) -> TicketCard:
        status = TicketStatus(ticket.status)
        lang = self.lang
        fields = [
            RecapField(self.t("ticket.status"), self.t(keys.agent_status(status))
                       + (f" ({self.t('agent.reactivated')})" if ticket.reactivated_count else "")),
            RecapField(self.t("ticket.priority"), self.catalog.text(lang, keys.priority(ticket.priority))),
            RecapField(self.t("agent.requester"), f"{ticket.requester_name or ticket.requester_id} ({ticket.requester_platform.value})"),
            RecapField(self.t("agent.assignee"), ticket.assignee_name or self.t("agent.unassigned")),
        ]
        if ticket.escalated_to:
            fields.append(RecapField(self.t("agent.escalated_to"), ticket.escalated_to))
        for key, due in (("ack", ticket.ack_due_at), ("first_qualification", ticket.first_qualification_due_at),
                         ("final_qualification", ticket.final_qualification_due_at)):
            if due is not None:
                met = ticket.sla.of(SlaMilestone(key)).met
                value = self.format_moment(due, lang) + (" ✔" if met else "")
                fields.append(RecapField(self.t(f"agent.sla_{key}"), value))
        paused_since = ticket.sla.pause.since
        if paused_since is not None:
            fields.append(RecapField(self.t("agent.sla_clock"),
                                     self.t("agent.sla_paused_since", moment=self.format_moment(paused_since, lang))))
        for answer in ticket.answers.values():
            value = self.catalog.text(lang, "recap.skipped") if answer.get("skipped") else str(answer.get("text", ""))
            fields.append(RecapField(str(answer.get("question")), shorten(value, ANSWER_LIMIT) or "—"))
        if ticket.tried_articles:
            titles = "; ".join(str(a.get("title") or a.get("id")) for a in ticket.tried_articles)
            fields.append(RecapField(self.t("ticket.articles_tried"), titles))
        if ticket.attachments:
            files = ", ".join(f"{a.name} ({a.url or a.platform_file_id or ''})" for a in self.attachments_of(ticket))
            fields.append(RecapField(self.t("recap.attachments"), files))
        if ticket.linked_ticket_id:
            session = object_session(ticket)
            linked = session.get(TicketRow, ticket.linked_ticket_id) if session is not None else None
            fields.append(RecapField(self.t("agent.linked"), linked.reference if linked and linked.reference else "?"))
        actions = _ACTIONS_BY_STATUS.get(status, _ALL_ACTIONS)
        choices = tuple(self.agent_choice(ticket, a) for a in actions)
        return TicketCard(ticket.reference or "", shorten(ticket.summary, 150), tuple(fields), choices, status.value)

    def thread_title(self, ticket: TicketRow) -> str:
        return shorten(f"{ticket.reference} · {ticket.summary}", 120)

    # --- requester side -------------------------------------------------------------

    def notice(self, ticket: TicketRow, key: str, **params: object) -> TextReply:
        lang = Language(ticket.lang)
        return TextReply(self.catalog.text(lang, key, reference=ticket.reference, **params))

    def resolution_question(self, ticket: TicketRow, note: str) -> TextReply:
        lang = Language(ticket.lang)
        text = self.catalog.text(lang, "notice.resolved", reference=ticket.reference)
        if note:
            text += "\n" + self.catalog.text(lang, "notice.agent_said", text=note)
        choices = (
            Choice(requester_button(ticket.id, RequesterAction.CONFIRM), self.catalog.text(lang, "notice.confirm")),
            Choice(requester_button(ticket.id, RequesterAction.REFUSE), self.catalog.text(lang, "notice.refuse")),
        )
        return TextReply(text, choices)

    def satisfaction_question(self, ticket: TicketRow) -> TextReply:
        lang = Language(ticket.lang)
        choices = tuple(
            Choice(requester_button(ticket.id, RequesterAction.RATE, n), "★" * n) for n in range(1, 6)
        )
        return TextReply(self.catalog.text(lang, "notice.satisfaction", reference=ticket.reference), choices)
