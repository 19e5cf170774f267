"""Catalog keys that depend on a value known only at run time (a status, a priority, a milestone).

Every such key is built here, from an enum member, and nowhere else: a test walks every member
of every family through these functions and checks both catalogs have the text.
"""

from __future__ import annotations

from bot.intake.questions import Priority
from bot.sla.policy import SlaMilestone
from bot.tickets.status import TicketStatus


def status(value: TicketStatus) -> str:
    """The status as the requester reads it ("waiting for your answer")."""
    return f"status.{value.value}"


def agent_status(value: TicketStatus) -> str:
    """The status as agents read it ("waiting for the requester")."""
    return f"agent_status.{value.value}"


def priority(value: Priority) -> str:
    return f"priority.{value.value}"


def milestone(value: SlaMilestone) -> str:
    """The milestone's name in a reminder ("acknowledgement")."""
    return f"sla.{value.value}"


def milestone_due(value: SlaMilestone) -> str:
    """The card field showing when the milestone falls due ("Acknowledge by")."""
    return f"agent.sla_{value.value}"
