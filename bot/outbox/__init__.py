"""The outbox: messages written with the change that caused them, delivered later by a worker.

Start at :class:`bot.outbox.outbox.Outbox` (writing) and :class:`bot.outbox.worker.OutboxWorker`
(delivering); :mod:`bot.outbox.lease` lets one process at a time run a scheduled job.
"""

from bot.outbox.claims import Backoff
from bot.outbox.outbox import Outbox, ticket_card_key
from bot.outbox.worker import OutboxWorker

__all__ = ["Backoff", "Outbox", "OutboxWorker", "ticket_card_key"]
