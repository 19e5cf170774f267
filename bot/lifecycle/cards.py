"""The agents' card of a ticket: everything they need on one message, with the actions the
transitions table allows now (Claim only while nobody has it)."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import replace
from datetime import datetime

from sqlalchemy.orm import object_session

from bot.i18n import Catalog, Language, keys
from bot.lifecycle.actors import ActorKind
from bot.lifecycle.ticket_buttons import TEXT_FIELDS, AgentAction, agent_button
from bot.lifecycle.transitions import allowed
from bot.messages import Attachment, Choice, ForwardedFile, RecapField, TicketCard
from bot.sla.policy import SlaMilestone
from bot.storage.models import TicketRow
from bot.text import shorten
from bot.triage.fields import TriageField
from bot.triage.labels import TriageLabels

ANSWER_LIMIT = 600

# Formats a due time in the business calendar's zone and a language (see bot.sla).
MomentFormatter = Callable[[datetime, Language], str]

# The card's buttons, in this order, each shown when the table allows it now (and the toolbox's
# when the deployment has it: canned responses, a knowledge base).
CARD_ACTIONS = (
    AgentAction.CLAIM, AgentAction.RESUME, AgentAction.ASK, AgentAction.ESCALATE, AgentAction.WAIT_DEV,
    AgentAction.RESOLVE, AgentAction.CLOSE, AgentAction.REOPEN, AgentAction.REPLY, AgentAction.CANNED,
    AgentAction.ARTICLE, AgentAction.REQUALIFY, AgentAction.MERGE,
)
TOOLBOX = frozenset({AgentAction.CANNED, AgentAction.ARTICLE})


class TicketCards:
    def __init__(
        self, catalog: Catalog, agents_language: Language, format_moment: MomentFormatter, labels: TriageLabels,
        toolbox: frozenset[AgentAction] = TOOLBOX,
    ) -> None:
        self.catalog = catalog
        self.lang = agents_language
        self.format_moment = format_moment
        self.labels = labels
        self.toolbox = toolbox  # the toolbox's buttons this deployment offers

    def t(self, key: str, **params: object) -> str:
        return self.catalog.text(self.lang, key, **params)

    def agent_choice(self, ticket: TicketRow, action: AgentAction) -> Choice:
        field = TEXT_FIELDS.get(action)
        label = self.t(field.label_key) if field else None
        return Choice(agent_button(ticket.id, action), self.t(keys.agent_button(action)), label,
                      text_optional=field is not None and not field.required)

    def actions(self, ticket: TicketRow) -> tuple[AgentAction, ...]:
        """What the card offers now: what the table allows, but Claim only while nobody has the ticket,
        and nothing once it is closed or cancelled (a typed command still reopens or replies)."""
        if not ticket.status.is_open:
            return ()
        return tuple(
            action for action in CARD_ACTIONS
            if allowed(action.ticket_action, ticket.status, ActorKind.AGENT)
            and not (action is AgentAction.CLAIM and ticket.assignee_id)
            and (action not in TOOLBOX or action in self.toolbox)
        )

    def forwarded(self, ticket: TicketRow, attachments: Iterable[Attachment]) -> tuple[ForwardedFile, ...]:
        """The files agents may be shown by the platform's own file id (the couriers pick theirs)."""
        return tuple(
            ForwardedFile(a if a.platform else replace(a, platform=ticket.requester_platform),
                          self.t("agent.file_caption", reference=ticket.reference, name=a.name),
                          self.t("agent.file_not_forwarded", reference=ticket.reference, name=a.name))
            for a in attachments
            if a.platform_file_id
        )

    def attachments_of(self, ticket: TicketRow) -> list[Attachment]:
        return [Attachment.from_record(a, ticket.requester_platform) for a in ticket.attachments]

    def new_ticket_card(self, ticket: TicketRow) -> TicketCard:
        """The first card of a ticket: the requester's files follow it (updates edit the card alone)."""
        return replace(self.agent_card(ticket), files=self.forwarded(ticket, self.attachments_of(ticket)))

    def agent_card(self, ticket: TicketRow) -> TicketCard:
        status = ticket.status
        fields = [
            RecapField(self.t("ticket.status"), self.t(keys.agent_status(status))
                       + (f" ({self.t('agent.reactivated')})" if ticket.reactivated_count else "")),
            RecapField(self.t("ticket.priority"), self.t(keys.priority(ticket.priority))),
            RecapField(self.t("agent.requester"),
                       f"{ticket.requester_name or ticket.requester_id} ({ticket.requester_platform.value})"),
            RecapField(self.t("agent.assignee"), ticket.assignee_name or self.t("agent.unassigned")),
            *self.labels.card_fields(ticket, self.lang),
        ]
        if ticket.escalated_to:
            fields.append(RecapField(self.t("agent.escalated_to"), ticket.escalated_to))
        fields += self._sla_fields(ticket)
        for answer in (a for a in ticket.answers.values() if not a.get("field")):  # fields are shown above
            value = self.t("recap.skipped") if answer.get("skipped") else str(answer.get("text", ""))
            fields.append(RecapField(str(answer.get("question")), shorten(value, ANSWER_LIMIT) or "—"))
        if ticket.tried_articles:
            titles = "; ".join(str(a.get("title") or a.get("id")) for a in ticket.tried_articles)
            fields.append(RecapField(self.t("ticket.articles_tried"), titles))
        if ticket.attachments:
            files = ", ".join(f"{a.name} ({a.url or a.platform_file_id or ''})" for a in self.attachments_of(ticket))
            fields.append(RecapField(self.t("recap.attachments"), files))
        for label, other_id in (("agent.linked", ticket.linked_ticket_id), ("agent.merged_into", ticket.merged_into_id)):
            if other_id:
                session = object_session(ticket)
                other = session.get(TicketRow, other_id) if session is not None else None
                fields.append(RecapField(self.t(label), other.reference if other and other.reference else "?"))
        choices = tuple(self.agent_choice(ticket, a) for a in self.actions(ticket))
        return TicketCard(ticket.reference or "", shorten(ticket.summary, 150), tuple(fields), choices, status.value)

    def moved_card(self, ticket: TicketRow) -> TicketCard:
        """What an old queue's card becomes: where the ticket went, without buttons."""
        queue = self.labels.value(ticket, TriageField.QUEUE, self.lang)
        fields = (RecapField(self.t("ticket.status"), self.t("agent.moved_to", queue=queue)),)
        return TicketCard(ticket.reference or "", shorten(ticket.summary, 150), fields, (), ticket.status.value)

    def _sla_fields(self, ticket: TicketRow) -> list[RecapField]:
        fields = []
        for milestone, due in ((SlaMilestone.ACK, ticket.ack_due_at),
                               (SlaMilestone.FIRST_QUALIFICATION, ticket.first_qualification_due_at),
                               (SlaMilestone.FINAL_QUALIFICATION, ticket.final_qualification_due_at)):
            if due is not None:
                met = ticket.sla.of(milestone).met
                fields.append(RecapField(self.t(keys.milestone_due(milestone)),
                                         self.format_moment(due, self.lang) + (" ✔" if met else "")))
        paused_since = ticket.sla.pause.since
        if paused_since is not None:
            fields.append(RecapField(self.t("agent.sla_clock"),
                                     self.t("agent.sla_paused_since", moment=self.format_moment(paused_since, self.lang))))
        return fields

    def listing_line(self, ticket: TicketRow) -> str:
        """One line of the agents' list of open tickets."""
        return (f"• {ticket.reference} [{self.t(keys.agent_status(ticket.status))}] {self.t(keys.priority(ticket.priority))}"
                f" — {shorten(ticket.summary, 70)} ({ticket.assignee_name or self.t('agent.unassigned')})")

    def thread_title(self, ticket: TicketRow) -> str:
        return shorten(f"{ticket.reference} · {ticket.summary}", 120)
