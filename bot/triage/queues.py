"""Agents' queues: where a ticket's card goes (a Slack channel, a Telegram group, a console), which
agents work it, and which tickets each queue takes.

The default queue is the settings' agents' channels (``SUPPORTBOT_SLACK_AGENTS_CHANNEL``,
``SUPPORTBOT_TELEGRAM_AGENTS_CHAT_ID``) with ``SUPPORTBOT_AGENTS``; the triage file adds
queues, each with a routing rule. A new ticket goes to the first queue whose rule matches it,
else to the default queue.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from bot.errors import ConfigurationError
from bot.intake.questions import Localized
from bot.messages import ConversationKey, Destination, Platform
from bot.triage.config import Option, QueueConfig, RoutingRule
from bot.triage.loader import DEFAULT_QUEUE

CONSOLE_AGENTS_CHANNEL = "agents"


@dataclass(frozen=True)
class Queue:
    id: str
    name: Localized
    destinations: tuple[Destination, ...]
    agents: tuple[str, ...] = ()  # platform:user_id
    rule: RoutingRule | None = None

    def is_at(self, where: ConversationKey) -> bool:
        return any(d.platform is where.platform and d.channel == where.channel for d in self.destinations)


class QueueDirectory:
    """Every queue, the default one first."""

    def __init__(self, queues: Sequence[Queue]) -> None:
        if not queues:
            raise ValueError("there is always a default queue")
        self.queues = tuple(queues)
        self.default = self.queues[0]

    @classmethod
    def build(cls, default: Sequence[Destination], agents: str, configured: Sequence[QueueConfig],
              platforms: frozenset[Platform]) -> QueueDirectory:
        """``default``: the settings' agents' destinations; ``platforms``: those configured (no
        platform: each queue is a console channel, ``agents-<id>``)."""
        default_agents = tuple(a.strip() for a in agents.split(",") if a.strip())
        queues = [Queue(DEFAULT_QUEUE, Localized("Support", "Support"), tuple(default), default_agents)]
        for entry in configured:
            destinations: list[Destination] = []
            if Platform.SLACK in platforms and entry.slack_channel:
                destinations.append(Destination(Platform.SLACK, entry.slack_channel))
            if Platform.TELEGRAM in platforms and entry.telegram_chat:
                destinations.append(Destination(Platform.TELEGRAM, entry.telegram_chat))
            if not platforms:
                destinations.append(Destination(Platform.CONSOLE, console_channel(entry.id)))
            if not destinations:
                raise ConfigurationError(f"queue '{entry.id}' has no channel on the configured platforms "
                                         f"({', '.join(sorted(p.value for p in platforms))}): give it a slack_channel "
                                         "or a telegram_chat")
            queues.append(Queue(entry.id, entry.name, tuple(destinations), entry.agents, entry.rule))
        return cls(queues)

    def __len__(self) -> int:
        return len(self.queues)

    def get(self, queue_id: str | None) -> Queue | None:
        return next((q for q in self.queues if q.id == queue_id), None)

    def of(self, queue_id: str | None) -> Queue:
        """A ticket's queue (one no longer configured falls back to the default)."""
        return self.get(queue_id) or self.default

    def find(self, typed: str) -> Queue | None:
        return next((q for q in self.queues if q.id == typed.strip().lower() or Option(q.id, q.name).known_as(typed)), None)

    def route(self, ticket_type: str | None, product: str | None, module: str | None, organisation: str | None) -> Queue:
        return next((q for q in self.queues[1:] if q.rule and q.rule.matches(ticket_type, product, module, organisation)),
                    self.default)

    def at(self, where: ConversationKey) -> Queue | None:
        """The queue whose agents' channel, group or console this is."""
        return next((q for q in self.queues if q.is_at(where)), None)

    def agents(self) -> str:
        """Every queue's agents, as ``SUPPORTBOT_AGENTS`` lists them (the agents' registry)."""
        return ",".join(dict.fromkeys(a for q in self.queues for a in q.agents))


def console_channel(queue_id: str) -> str:
    """The console channel of a queue: ``supportbot agent --queue ID`` opens it."""
    return CONSOLE_AGENTS_CHANNEL if queue_id == DEFAULT_QUEUE else f"{CONSOLE_AGENTS_CHANNEL}-{queue_id}"
