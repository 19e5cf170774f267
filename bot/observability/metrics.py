"""Prometheus metrics, in a registry of the bot's own (no global state).

Counted in this process: turns (messages in), the replies they produced (messages out), their
latency, web sign-ins and actions. Read from the database at each scrape, so that every process
reports the same truth: the outbox (backlog, failures, oldest undelivered), tickets by status,
deflections, SLA breaches. Labels are platforms, statuses and outcomes: never a person, a ticket
or a text.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from datetime import UTC, datetime

from prometheus_client import CollectorRegistry, Counter, Histogram, generate_latest
from prometheus_client.core import CounterMetricFamily, GaugeMetricFamily, Metric
from prometheus_client.registry import Collector
from sqlalchemy import func, select
from sqlalchemy.orm import Session, sessionmaker

from bot.lifecycle.transitions import TicketEventKind
from bot.messages import InboundMessage, Platform, Reply
from bot.storage.lifecycle_models import TicketEventRow
from bot.storage.models import SuggestionRow, TicketRow
from bot.storage.outbox_models import OutboxRow, OutboxStatus
from bot.suggestions.outcome import SuggestionOutcome
from bot.tickets.status import TicketStatus

CONTENT_TYPE = "text/plain; version=0.0.4; charset=utf-8"
_LATENCY_BUCKETS = (0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0, 10.0)


class Metrics:
    def __init__(self) -> None:
        self.registry = CollectorRegistry(auto_describe=True)
        r = self.registry
        self.messages_in = Counter("supportbot_messages_received", "Messages and button presses the desk handled.",
                                   ["platform"], registry=r)
        self.messages_out = Counter("supportbot_replies_sent", "Immediate replies the desk produced.", ["platform"],
                                    registry=r)
        self.turns = Counter("supportbot_turns", "Turns of the desk, by outcome.", ["platform", "outcome"], registry=r)
        self.turn_seconds = Histogram("supportbot_turn_seconds", "Time the desk took to answer a message.",
                                      ["platform"], buckets=_LATENCY_BUCKETS, registry=r)
        self.sign_ins = Counter("supportbot_web_sign_ins", "Web desk sign-in attempts, by outcome.", ["outcome"],
                                registry=r)
        self.web_actions = Counter("supportbot_web_actions", "Ticket actions taken from the web desk.", ["action"],
                                   registry=r)
        for platform in Platform:  # every series exists from the start: rate() needs a first zero
            self.messages_in.labels(platform.value)
            self.messages_out.labels(platform.value)
        self._database: DatabaseCollector | None = None

    # TurnObserver (bot.desk_hooks)
    def turn_done(self, message: InboundMessage, replies: list[Reply], seconds: float, failed: bool) -> None:
        platform = message.sender.platform.value
        self.messages_in.labels(platform).inc()
        self.messages_out.labels(platform).inc(len(replies))
        self.turns.labels(platform, "error" if failed else "ok").inc()
        self.turn_seconds.labels(platform).observe(seconds)

    def watch_database(self, sessions: sessionmaker[Session], clock: Callable[[], datetime]) -> None:
        """Report the database's figures at each scrape (once per registry)."""
        if self._database is None:
            self._database = DatabaseCollector(sessions, clock)
            self.registry.register(self._database)

    def exposition(self) -> bytes:
        """The text format Prometheus scrapes (blocking: it reads the database)."""
        return bytes(generate_latest(self.registry))


class DatabaseCollector(Collector):
    def __init__(self, sessions: sessionmaker[Session], clock: Callable[[], datetime]) -> None:
        self.sessions = sessions
        self.clock = clock

    def describe(self) -> list[Metric]:
        return []  # collected at scrape time only: never while registering

    def collect(self) -> Iterator[Metric]:
        with self.sessions() as session:
            yield from self._outbox(session)
            tickets = GaugeMetricFamily("supportbot_tickets", "Tickets by status.", labels=["status"])
            counts = dict(session.execute(select(TicketRow.status, func.count()).group_by(TicketRow.status)).all())
            for status in TicketStatus:
                tickets.add_metric([status.value], float(counts.get(status.value, 0)))
            yield tickets
            deflected = session.scalar(select(func.count(func.distinct(SuggestionRow.conversation_id))).where(
                SuggestionRow.outcome == SuggestionOutcome.SOLVED.value)) or 0
            yield CounterMetricFamily("supportbot_deflections", "Requests solved by an article, without a ticket.",
                                      value=float(deflected))
            breaches = session.scalar(select(func.count()).select_from(TicketEventRow).where(
                TicketEventRow.kind == TicketEventKind.SLA_BREACH.value)) or 0
            yield CounterMetricFamily("supportbot_sla_breaches", "SLA targets missed (one per ticket and milestone).",
                                      value=float(breaches))

    def _outbox(self, session: Session) -> Iterator[Metric]:
        family = GaugeMetricFamily("supportbot_outbox_messages", "Outbox messages by platform and status.",
                                   labels=["platform", "status"])
        rows = session.execute(select(OutboxRow.platform, OutboxRow.status, func.count())
                               .group_by(OutboxRow.platform, OutboxRow.status)).all()
        counts = {(platform, status): n for platform, status, n in rows}
        for platform in Platform:
            for status in OutboxStatus:
                family.add_metric([platform.value, status.value], float(counts.get((platform, status), 0)))
        yield family
        oldest = session.scalar(select(func.min(OutboxRow.created_at)).where(OutboxRow.status == OutboxStatus.PENDING))
        age = max((self.clock() - _aware(oldest)).total_seconds(), 0.0) if oldest is not None else 0.0
        yield GaugeMetricFamily("supportbot_outbox_oldest_pending_seconds",
                                "Age of the oldest message not delivered yet (0 when none waits).", value=age)


def _aware(moment: datetime) -> datetime:
    return moment if moment.tzinfo is not None else moment.replace(tzinfo=UTC)
