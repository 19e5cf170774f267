"""Everything the ticket page shows, read with plain queries into frozen values (no rows leave
the session): the request, the requester and their context, the conversation with internal
notes marked, attachments, the audit trail, SLA milestones, the articles tried during the intake."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from bot.lifecycle.sla_tracking import SlaClock
from bot.lifecycle.transitions import TicketEventKind
from bot.messages import Attachment, Platform
from bot.queue.sla_state import MilestoneView, SlaState, milestones, sla_state
from bot.storage.lifecycle_models import CustomerRow, TicketEventRow
from bot.storage.models import SuggestionRow, TicketRow
from bot.tickets.status import TicketStatus

# What was said about the ticket, as opposed to what happened to it.
_SAID = {TicketEventKind.REQUESTER_MESSAGE, TicketEventKind.REPLY, TicketEventKind.NOTE}
# Status changes whose note went to the requester (the question asked, the resolution's words).
_TOLD_REQUESTER = {TicketStatus.WAITING_CUSTOMER, TicketStatus.RESOLVED}


@dataclass(frozen=True)
class Entry:
    """One line of the conversation or of the audit trail."""

    at: datetime
    kind: str
    actor_kind: str
    actor: str
    note: str
    from_status: str | None
    to_status: str | None
    internal: bool  # never shown to the requester


@dataclass(frozen=True)
class TriedArticle:
    article_id: str
    title: str
    outcome: str
    reason: str | None


@dataclass(frozen=True)
class OtherTicket:
    reference: str
    summary: str
    status: str
    created_at: datetime


@dataclass(frozen=True)
class TicketView:
    id: int
    reference: str
    summary: str
    status: TicketStatus
    priority: str
    lang: str
    sla: SlaState
    paused_since: datetime | None
    answers: tuple[tuple[str, str, bool], ...]  # question, answer, skipped
    requester_name: str
    requester_platform: str
    requester_id: str
    organisation: str | None
    assignee: str | None
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


def read_ticket(session: Session, ticket: TicketRow, now: datetime, sla: SlaClock) -> TicketView:
    events = session.scalars(select(TicketEventRow).where(TicketEventRow.ticket_id == ticket.id)
                             .order_by(TicketEventRow.id)).all()
    trail = tuple(_entry(e) for e in events)
    conversation = tuple(e for e in trail if TicketEventKind(e.kind) in _SAID or
                         (e.kind == TicketEventKind.STATUS.value and e.note and e.actor_kind == "agent"))
    organisation = session.scalar(select(CustomerRow.name).where(
        CustomerRow.platform == ticket.requester_platform, CustomerRow.user_id == ticket.requester_id).limit(1))
    linked = session.get(TicketRow, ticket.linked_ticket_id) if ticket.linked_ticket_id else None
    tried = session.execute(select(SuggestionRow.article_id, SuggestionRow.article_title, SuggestionRow.outcome,
                                   SuggestionRow.reason).where(SuggestionRow.conversation_id == ticket.conversation_id)
                            .order_by(SuggestionRow.id)).all()
    others = session.execute(select(TicketRow.reference, TicketRow.summary, TicketRow.status, TicketRow.created_at)
                             .where(TicketRow.requester_platform == ticket.requester_platform,
                                    TicketRow.requester_id == ticket.requester_id, TicketRow.id != ticket.id)
                             .order_by(TicketRow.id.desc()).limit(10)).all()
    return TicketView(
        id=ticket.id, reference=ticket.reference or "", summary=ticket.summary, status=TicketStatus(ticket.status),
        priority=ticket.priority, lang=ticket.lang, sla=sla_state(ticket, now, sla),
        paused_since=SlaClock.pause_of(ticket).since, answers=tuple(_answers(ticket.answers)),
        requester_name=ticket.requester_name or ticket.requester_id, requester_platform=ticket.requester_platform,
        requester_id=ticket.requester_id, organisation=organisation, assignee=ticket.assignee_name,
        escalated_to=ticket.escalated_to, created_at=ticket.created_at, updated_at=ticket.updated_at,
        resolved_at=ticket.resolved_at, closed_at=ticket.closed_at, reactivated=ticket.reactivated_count,
        satisfaction_score=ticket.satisfaction_score, satisfaction_comment=ticket.satisfaction_comment,
        linked_reference=linked.reference if linked else None,
        attachments=tuple(Attachment.from_record(a, Platform(ticket.requester_platform)) for a in ticket.attachments or []),
        milestones=tuple(milestones(ticket, now, sla)), conversation=conversation, trail=trail,
        tried=tuple(TriedArticle(*row) for row in tried), others=tuple(OtherTicket(*row) for row in others),
    )


def _entry(event: TicketEventRow) -> Entry:
    kind = TicketEventKind(event.kind)
    to_status = TicketStatus(event.to_status) if event.to_status else None
    internal = kind is not TicketEventKind.REQUESTER_MESSAGE and kind is not TicketEventKind.REPLY and not (
        kind is TicketEventKind.STATUS and to_status in _TOLD_REQUESTER)
    return Entry(event.at, event.kind, event.actor_kind, event.actor_name or event.actor_kind, event.note,
                 event.from_status, event.to_status, internal)


def _answers(answers: dict[str, Any]) -> list[tuple[str, str, bool]]:
    return [(str(a.get("question", key)), str(a.get("text", "")), bool(a.get("skipped"))) for key, a in answers.items()]
