"""Prometheus metrics, in a registry of the bot's own (no global state).

Counted in this process: turns (messages in), the replies they produced (messages out), their
latency (reported by the desk's :class:`~bot.observability.turns.TurnWatchers`), web sign-ins and
actions. Read from the database at each scrape (:mod:`bot.observability.figures`), so that every
process reports the same truth: the outbox (backlog, failures, oldest undelivered), tickets by
status, deflections, SLA breaches. Labels are platforms, statuses, actions and outcomes: never a
person, a ticket or a text.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from datetime import datetime

from prometheus_client import CollectorRegistry, Counter, Histogram, generate_latest
from prometheus_client.core import CounterMetricFamily, GaugeMetricFamily, Metric
from prometheus_client.registry import Collector
from sqlalchemy.orm import Session, sessionmaker

from bot.messages import Platform
from bot.observability.figures import desk_figures
from bot.observability.turns import TurnRecord

CONTENT_TYPE = "text/plain; version=0.0.4; charset=utf-8"
_LATENCY_BUCKETS = (0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0, 10.0)


class Metrics:
    """A :class:`~bot.observability.turns.TurnObserver`, and the registry ``/metrics`` serves."""

    def __init__(self, sessions: sessionmaker[Session], clock: Callable[[], datetime]) -> None:
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
        self.registry.register(DatabaseCollector(sessions, clock))

    def turn_done(self, turn: TurnRecord) -> None:
        platform = turn.platform.value
        self.messages_in.labels(platform).inc()
        self.messages_out.labels(platform).inc(turn.replies)
        self.turns.labels(platform, "error" if turn.failed else "ok").inc()
        self.turn_seconds.labels(platform).observe(turn.seconds)

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
            figures = desk_figures(session, self.clock())
        outbox = GaugeMetricFamily("supportbot_outbox_messages", "Outbox messages by platform and status.",
                                   labels=["platform", "status"])
        for (platform, status), count in figures.outbox.messages.items():
            outbox.add_metric([platform.value, status.value], float(count))
        yield outbox
        yield GaugeMetricFamily("supportbot_outbox_oldest_pending_seconds",
                                "Age of the oldest message not delivered yet (0 when none waits).",
                                value=figures.outbox.oldest_pending_seconds)
        tickets = GaugeMetricFamily("supportbot_tickets", "Tickets by status.", labels=["status"])
        for ticket_status, count in figures.tickets.items():
            tickets.add_metric([ticket_status.value], float(count))
        yield tickets
        yield CounterMetricFamily("supportbot_deflections", "Requests solved by an article, without a ticket.",
                                  value=float(figures.deflections))
        yield CounterMetricFamily("supportbot_sla_breaches", "SLA targets missed (one per ticket and milestone).",
                                  value=float(figures.sla_breaches))
