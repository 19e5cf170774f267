"""Follow-ups that time brings, in business days of the calendar: a resolved ticket its requester
never confirms closes by itself; a requester support asked something is reminded, then the ticket
closes or goes on hold (as configured) when they still do not answer.

Run by the SLA watch's leased round. Each ticket is locked and its state says whether the step is
due (a closed ticket is not closed twice, a reminder is sent once per wait): two processes, or
two rounds, never do a step twice.
"""

from __future__ import annotations

import enum
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import select
from sqlalchemy.orm import Session

from bot.errors import ConfigurationError
from bot.sla.calendar import BusinessCalendar
from bot.storage.models import TicketRow
from bot.tickets.service import TicketService
from bot.tickets.status import TicketStatus


class Unanswered(str, enum.Enum):
    """What happens to a ticket whose requester was reminded and still did not answer."""

    CLOSE = "close"
    HOLD = "hold"
    NOTHING = "nothing"


@dataclass(frozen=True)
class FollowUpPolicy:
    auto_close_days: int = 5  # 0: never
    reminder_days: int = 3  # 0: never
    unanswered: Unanswered = Unanswered.CLOSE

    @classmethod
    def parse(cls, auto_close_days: int, reminder_days: int, unanswered: str) -> FollowUpPolicy:
        try:
            then = Unanswered(unanswered.strip().lower())
        except ValueError:
            choices = ", ".join(u.value for u in Unanswered)
            raise ConfigurationError(f"SUPPORTBOT_WAITING_UNANSWERED must be one of {choices}, not {unanswered!r}") from None
        return cls(auto_close_days, reminder_days, then)


class FollowUps:
    def __init__(self, service: TicketService, calendar: BusinessCalendar, policy: FollowUpPolicy,
                 clock: Callable[[], datetime]) -> None:
        self.service = service
        self.calendar = calendar
        self.policy = policy
        self.clock = clock

    def run(self, session: Session) -> int:
        """One round; returns how many tickets it changed or reminded."""
        now = self.clock()
        done = 0
        days = self.policy.auto_close_days
        if days:
            for ticket in self._candidates(session, TicketStatus.RESOLVED, days, now):
                if ticket.resolved_at and now >= self._after(ticket.resolved_at, days):
                    self.service.close_unconfirmed(session, ticket, days)
                    done += 1
        days = self.policy.reminder_days
        if days:
            for ticket in self._candidates(session, TicketStatus.WAITING_CUSTOMER, days, now):
                done += self._waiting(session, ticket, days, now)
        return done

    def _waiting(self, session: Session, ticket: TicketRow, days: int, now: datetime) -> int:
        if ticket.waiting_since is None:
            return 0
        if ticket.customer_reminded_at is None:
            if now < self._after(ticket.waiting_since, days):
                return 0
            self.service.remind_requester(session, ticket, days)
            return 1
        if self.policy.unanswered is Unanswered.NOTHING or now < self._after(ticket.customer_reminded_at, days):
            return 0
        if self.policy.unanswered is Unanswered.CLOSE:
            self.service.close_unanswered(session, ticket, days * 2)
        else:
            self.service.hold_unanswered(session, ticket, days * 2)
        return 1

    def _after(self, moment: datetime, days: int) -> datetime:
        return self.calendar.add_business_time(moment, days * self.calendar.business_day_length)

    @staticmethod
    def _candidates(session: Session, status: TicketStatus, days: int, now: datetime) -> list[TicketRow]:
        # A business day is at least a calendar day: tickets younger than ``days`` days cannot be due.
        column = TicketRow.resolved_at if status is TicketStatus.RESOLVED else TicketRow.waiting_since
        query = select(TicketRow).where(TicketRow.status == status, column <= now - timedelta(days=days))
        return list(session.scalars(query.order_by(TicketRow.id).with_for_update()))
