"""Tickets as plain data, for ``supportbot tickets ... --json`` and the desk's tools."""

from __future__ import annotations

from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session, object_session

from bot.sla.policy import SlaMilestone
from bot.storage.models import OrganisationRow, TicketEventRow, TicketRow


def ticket_as_dict(ticket: TicketRow) -> dict[str, Any]:
    return {
        "reference": ticket.reference,
        "status": ticket.status.value,
        "priority": ticket.priority.value,
        "lang": ticket.lang.value,
        "summary": ticket.summary,
        "requester": {
            "platform": ticket.requester_platform.value,
            "user_id": ticket.requester_id,
            "name": ticket.requester_name,
            "channel": ticket.requester_channel,
            "thread": ticket.requester_thread or None,
        },
        "answers": ticket.answers,
        "description": ticket.description,
        "articles_tried": ticket.tried_articles,
        "attachments": ticket.attachments,
        "created_at": ticket.created_at.isoformat(),
        "updated_at": ticket.updated_at.isoformat(),
        "assignee": ticket.assignee_name,
        "escalated_to": ticket.escalated_to,
        "reactivated": ticket.reactivated_count,
        "linked_ticket_id": ticket.linked_ticket_id,
        "sla": {
            name: {"due": due.isoformat() if due else None, **ticket.sla.of(SlaMilestone(name)).as_record()}
            for name, due in (("ack", ticket.ack_due_at), ("first_qualification", ticket.first_qualification_due_at),
                              ("final_qualification", ticket.final_qualification_due_at))
        },
        "sla_clock": _sla_clock(ticket),
        "satisfaction": {"score": ticket.satisfaction_score, "comment": ticket.satisfaction_comment},
        "type": ticket.ticket_type,
        "product": ticket.product,
        "module": ticket.module,
        "version": ticket.version,
        "requester_urgency": ticket.requester_urgency.value if ticket.requester_urgency else None,
        "organisation": _organisation(ticket),
        "queue": ticket.queue,
        "requester_context": ticket.requester_context.as_record(),
        "merged_into": _reference(ticket, ticket.merged_into_id),
    }


def _organisation(ticket: TicketRow) -> dict[str, Any] | None:
    session = object_session(ticket)
    organisation = session.get(OrganisationRow, ticket.organisation_id) if session and ticket.organisation_id else None
    return {"name": organisation.name, "contract": organisation.contract.value} if organisation else None


def _reference(ticket: TicketRow, other_id: int | None) -> str | None:
    session = object_session(ticket)
    other = session.get(TicketRow, other_id) if session and other_id else None
    return other.reference if other else None


def _sla_clock(ticket: TicketRow) -> dict[str, Any]:
    """Whether the SLA clock is stopped now, and the business time it stood still in all."""
    pause = ticket.sla.pause
    return {"paused_since": pause.since.isoformat() if pause.since else None,
            "paused_business_seconds": pause.total.total_seconds()}


def audit_trail(session: Session, ticket: TicketRow) -> list[TicketEventRow]:
    query = select(TicketEventRow).where(TicketEventRow.ticket_id == ticket.id).order_by(TicketEventRow.id)
    return list(session.scalars(query))


def event_as_dict(event: TicketEventRow) -> dict[str, Any]:
    return {
        "at": event.at.isoformat(), "kind": event.kind.value, "actor": event.actor_name or event.actor_kind.value,
        "actor_id": event.actor_id, "from": event.from_status.value if event.from_status else None,
        "to": event.to_status.value if event.to_status else None, "note": event.note,
    }
