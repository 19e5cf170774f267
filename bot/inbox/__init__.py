"""The durable inbox: inbound events stored before they are acknowledged, processed after.

:class:`bot.inbox.inbox.Inbox` stores; :mod:`bot.runtime` runs their turns in lanes.
"""

from bot.inbox.inbox import Inbox, Receiver, StoredEvent, lane_of

__all__ = ["Inbox", "Receiver", "StoredEvent", "lane_of"]
