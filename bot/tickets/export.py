"""Tickets as plain data, for ``supportbot tickets ... --json`` and the desk's tools."""

from __future__ import annotations

from typing import Any

from bot.storage.models import TicketRow


def ticket_as_dict(ticket: TicketRow) -> dict[str, Any]:
    return {
        "reference": ticket.reference,
        "status": ticket.status,
        "priority": ticket.priority,
        "lang": ticket.lang,
        "summary": ticket.summary,
        "requester": {
            "platform": ticket.requester_platform,
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
    }
