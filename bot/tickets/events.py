"""What a line of a ticket's audit trail records."""

from __future__ import annotations

import enum


class TicketEventKind(str, enum.Enum):
    CREATED = "created"
    STATUS = "status"
    ASSIGNED = "assigned"
    NOTE = "note"  # internal, agents only
    REPLY = "reply"  # an agent's message to the requester
    REQUESTER_MESSAGE = "requester_message"
    SLA_REMINDER = "sla_reminder"
    SLA_BREACH = "sla_breach"
    SATISFACTION = "satisfaction"
    REOPENED = "reopened"
    REQUALIFIED = "requalified"  # type, priority, product, module, version, urgency or organisation changed
    ROUTED = "routed"  # moved to another agents' queue
    MERGED = "merged"  # a duplicate merged into another ticket (recorded on both)
    CUSTOMER_REMINDER = "customer_reminder"  # the requester was reminded that support waits for them
