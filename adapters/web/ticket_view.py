"""Everything the ticket page shows, read into frozen values (no rows leave the session): the
request, its triage fields, the requester and their context (what the platform said of them,
their organisation and its contract), the conversation with internal notes marked (the rule of
:mod:`bot.tickets.visibility`), attachments, the audit trail, SLA milestones, the articles tried
during the intake.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from bot.intake.questions import Priority
from bot.lifecycle.actors import ActorKind
from bot.lifecycle.sla_standing import MilestoneView, SlaStanding, milestones, sla_standing
from bot.lifecycle.sla_tracking import SlaClock
from bot.messages import Attachment, Platform
from bot.storage.models import OrganisationRow, SuggestionRow, TicketEventRow, TicketRow
from bot.tickets.events import TicketEventKind
from bot.tickets.repository import TicketRepository
from bot.tickets.status import TicketStatus
from bot.tickets.visibility import requester_read
from bot.triage.context import RequesterContext
from bot.triage.fields import ContractLevel, RequesterUrgency
from bot.triage.loader import DEFAULT_QUEUE

OTHER_TICKETS = 10
# What was said about the ticket, as opposed to what happened to it.
_SAID = {TicketEventKind.REQUESTER_MESSAGE, TicketEventKind.REPLY, TicketEventKind.NOTE, TicketEventKind.SATISFACTION}


@dataclass(frozen=True)
class Entry:
    """One line of the conversation or of the audit trail."""

    at: datetime
    kind: TicketEventKind
    actor_kind: ActorKind
    actor: str
    note: str
    from_status: TicketStatus | None
    to_status: TicketStatus | None
    internal: bool  # never shown to the requester


@dataclass(frozen=True)
class TriedArticle:
    article_id: str
    title: str
    outcome: str
    reason: str | None
    said: str | None  # the reason in the requester's words


@dataclass(frozen=True)
class OtherTicket:
    reference: str
    summary: str
    status: TicketStatus
    created_at: datetime


@dataclass(frozen=True)
class Triage:
    """The ticket's triage fields, as ids (the page labels them in the viewer's language)."""

    ticket_type: str | None
    product: str | None
    module: str | None
    version: str | None
    urgency: RequesterUrgency | None
    queue: str
    organisation: str | None  # its name
    contract: ContractLevel | None
    context: RequesterContext  # what the platform said of the requester when they filed it


@dataclass(frozen=True)
class TicketView:
    id: int
    reference: str
    summary: str
    status: TicketStatus
    priority: Priority
    lang: str
    sla: SlaStanding
    paused_since: datetime | None
    answers: tuple[tuple[str, str, bool], ...]  # question, answer, skipped
    requester_name: str
    requester_platform: Platform
    requester_id: str
    triage: Triage
    merged_into: str | None  # the reference of the ticket it was merged into
    assignee: str | None
    assignee_key: str  # platform:user_id, to tell "mine" from someone else's
    escalated_to: str | None
    created_at: datetime
    updated_at: datetime
    resolved_at: datetime | None
    closed_at: datetime | None
    reactivated: int
    satisfaction_score: int | None
    satisfaction_comment: str | None
    linked_reference: str | None
    attachments: tuple[Attachment, ...]
    milestones: tuple[MilestoneView, ...]
    conversation: tuple[Entry, ...]
    trail: tuple[Entry, ...]
    tried: tuple[TriedArticle, ...]
    others: tuple[OtherTicket, ...]


def read_ticket(session: Session, reference: str, now: datetime, sla: SlaClock) -> TicketView | None:
    tickets = TicketRepository(session)
    ticket = tickets.by_reference(reference, lock=False)
    if ticket is None:
        return None
    trail = tuple(_entry(e) for e in tickets.audit_trail(ticket))
    conversation = tuple(e for e in trail if e.kind in _SAID or (e.kind is TicketEventKind.STATUS and e.note
                                                                  and e.actor_kind is ActorKind.AGENT))
    linked = tickets.by_id(ticket.linked_ticket_id, lock=False) if ticket.linked_ticket_id else None
    merged = tickets.by_id(ticket.merged_into_id, lock=False) if ticket.merged_into_id else None
    others = [t for t in tickets.of_requester(ticket.requester_platform, ticket.requester_id, OTHER_TICKETS + 1)
              if t.id != ticket.id][:OTHER_TICKETS]
    return TicketView(
        id=ticket.id, reference=ticket.reference or "", summary=ticket.summary, status=ticket.status,
        priority=ticket.priority, lang=ticket.lang.value, sla=sla_standing(ticket, now, sla),
        paused_since=ticket.sla.pause.since, answers=tuple(_answers(ticket.answers)),
        requester_name=ticket.requester_name or ticket.requester_id, requester_platform=ticket.requester_platform,
        requester_id=ticket.requester_id, triage=_triage(session, ticket),
        merged_into=merged.reference if merged else None, assignee=ticket.assignee_name,
        assignee_key=f"{ticket.assignee_platform.value}:{ticket.assignee_id}" if ticket.assignee_platform else "",
        escalated_to=ticket.escalated_to, created_at=ticket.created_at, updated_at=ticket.updated_at,
        resolved_at=ticket.resolved_at, closed_at=ticket.closed_at, reactivated=ticket.reactivated_count,
        satisfaction_score=ticket.satisfaction_score, satisfaction_comment=ticket.satisfaction_comment,
        linked_reference=linked.reference if linked else None,
        attachments=tuple(Attachment.from_record(a, ticket.requester_platform) for a in ticket.attachments or []),
        milestones=tuple(milestones(ticket, now, sla)), conversation=conversation, trail=trail,
        tried=_tried(session, ticket),
        others=tuple(OtherTicket(t.reference or "", t.summary, t.status, t.created_at) for t in others),
    )


def _triage(session: Session, ticket: TicketRow) -> Triage:
    organisation = session.get(OrganisationRow, ticket.organisation_id) if ticket.organisation_id else None
    return Triage(ticket.ticket_type, ticket.product, ticket.module, ticket.version, ticket.requester_urgency,
                  ticket.queue or DEFAULT_QUEUE, organisation.name if organisation else None,
                  organisation.contract if organisation else None, ticket.requester_context)


def _tried(session: Session, ticket: TicketRow) -> tuple[TriedArticle, ...]:
    found = session.scalars(select(SuggestionRow).where(SuggestionRow.conversation_id == ticket.conversation_id)
                            .order_by(SuggestionRow.id))
    return tuple(TriedArticle(s.article_id, s.article_title, s.outcome.value, s.reason.value if s.reason else None,
                              s.reason_text) for s in found)


def _entry(event: TicketEventRow) -> Entry:
    return Entry(event.at, event.kind, event.actor_kind, event.actor_name or event.actor_kind.value, event.note,
                 event.from_status, event.to_status, not requester_read(event.kind, event.actor_kind, event.to_status))


def _answers(answers: dict[str, Any]) -> list[tuple[str, str, bool]]:
    return [(str(a.get("question", key)), str(a.get("text", "")), bool(a.get("skipped"))) for key, a in answers.items()]
