"""Who may act on a queue's tickets: every agent (``queue_access = "open"``, the default), or, where
a deployment's queues restrict (``"restricted"``), the agents a queue lists (the default queue's are
``SUPPORTBOT_AGENTS``) and team leads (``SUPPORTBOT_WEB_LEADS``), who act everywhere.

The ticket service checks it for every agent's action, whatever the entry point (chat buttons and
commands, Slack forms, the console, the command line, the web desk), so each refuses the same.
Being an agent at all is checked first (:class:`bot.lifecycle.actors.AgentRegistry`).
"""

from __future__ import annotations

from bot.lifecycle.actors import Actor, AgentRegistry
from bot.triage.config import QueueAccessMode
from bot.triage.queues import Queue, QueueDirectory


class QueueAccess:
    def __init__(self, queues: QueueDirectory, mode: QueueAccessMode, leads: AgentRegistry) -> None:
        self.queues = queues
        self.mode = mode
        self.leads = leads

    @property
    def restricted(self) -> bool:
        return self.mode is QueueAccessMode.RESTRICTED

    def may_act(self, actor: Actor, queue_id: str | None) -> bool:
        """Whether ``actor`` (an agent) may act on a ticket of this queue."""
        if not self.restricted:
            return True
        if actor.platform is not None and self.leads.is_agent(actor.platform, actor.user_id):
            return True
        return actor.key in self.queues.of(queue_id).agents

    def queue(self, queue_id: str | None) -> Queue:
        return self.queues.of(queue_id)
