"""Remind agents before an SLA target is missed and flag breaches; then run the follow-ups time
brings (:mod:`bot.lifecycle.follow_ups`: auto-close, reminders to requesters).

Several bot processes may run this loop; a lease in the database makes exactly one of
them do each round. Tickets waiting for the customer or on hold are the customer's turn: their
SLA clock is stopped, so they are not watched; when they come back, their pending due times
have been pushed back by the business time paused (see :mod:`bot.lifecycle.sla_tracking`).
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Callable
from datetime import datetime, timedelta

from sqlalchemy import select
from sqlalchemy.orm import Session, sessionmaker

from bot.i18n import Catalog, Language, keys
from bot.lifecycle.actors import Actor
from bot.lifecycle.follow_ups import FollowUps
from bot.lifecycle.notifier import Notifier
from bot.lifecycle.sla_tracking import SlaClock
from bot.lifecycle.transitions import AuditTrail
from bot.messages import TextReply
from bot.outbox.lease import try_acquire
from bot.sla.policy import SlaMilestone, reminder_time
from bot.sla.state import MilestoneMark
from bot.storage.models import TicketRow
from bot.tickets.events import TicketEventKind
from bot.tickets.status import TicketStatus

log = logging.getLogger(__name__)
LEASE_NAME = "sla-watch"
# Open, not the customer's turn, and not resolved (resolving meets every milestone).
_WATCHED = [s.value for s in TicketStatus if s.is_open and not s.pauses_sla and s is not TicketStatus.RESOLVED]


class SlaWatch:
    def __init__(
        self, sessions: sessionmaker[Session], sla: SlaClock, audit: AuditTrail, notifier: Notifier, catalog: Catalog,
        agents_language: Language, clock: Callable[[], datetime], holder: str, interval: timedelta = timedelta(seconds=60),
        follow_ups: FollowUps | None = None,
    ) -> None:
        self.sessions = sessions
        self.sla = sla
        self.audit = audit
        self.notifier = notifier
        self.catalog = catalog
        self.lang = agents_language
        self.clock = clock
        self.holder = holder
        self.interval = interval
        self.follow_ups = follow_ups  # auto-close and reminders ride on the same leased round

    def run_once(self) -> int:
        """One round if this process holds the lease; returns how many notices were queued."""
        now = self.clock()
        if not try_acquire(self.sessions, LEASE_NAME, self.holder, self.interval * 3, now):
            return 0
        sent = 0
        with self.sessions.begin() as session:
            tickets = session.scalars(select(TicketRow).where(TicketRow.status.in_(_WATCHED)).with_for_update()).all()
            for ticket in tickets:
                for milestone in SlaMilestone:
                    sent += self._check(session, ticket, milestone, now)
        if self.follow_ups is not None:
            with self.sessions.begin() as session:
                sent += self.follow_ups.run(session)
        return sent

    async def run_forever(self, stop: asyncio.Event) -> None:
        while not stop.is_set():
            try:
                await asyncio.to_thread(self.run_once)
            except Exception:
                log.exception("SLA watch round failed")
            try:
                await asyncio.wait_for(stop.wait(), self.interval.total_seconds())
            except TimeoutError:
                pass

    def _check(self, session: Session, ticket: TicketRow, milestone: SlaMilestone, now: datetime) -> int:
        due = SlaClock.due_of(ticket, milestone)
        if due is None or ticket.sla.is_marked(milestone, MilestoneMark.MET):
            return 0
        if now >= due:
            if not SlaClock.mark(ticket, milestone, MilestoneMark.BREACHED, now):
                return 0
            kind, key = TicketEventKind.SLA_BREACH, "sla.breach"
        elif now >= reminder_time(due, self.sla.clock_started(ticket), self.sla.calendar):
            if not SlaClock.mark(ticket, milestone, MilestoneMark.REMINDED, now):
                return 0
            kind, key = TicketEventKind.SLA_REMINDER, "sla.reminder"
        else:
            return 0
        moment = self.notifier.format_moment(due, self.lang)
        text = self.catalog.text(self.lang, key, reference=ticket.reference,
                                 milestone=self.catalog.text(self.lang, keys.milestone(milestone)), due=moment)
        self.audit.record(session, ticket, kind, Actor.system(), text)
        self.notifier.to_agents(session, ticket, [TextReply(text)])
        if kind is TicketEventKind.SLA_BREACH:
            self.notifier.card_changed(session, ticket)
        return 1
