"""Failures that do not go away are said: when the outbox gives up on a message, people are told.

The worker calls :meth:`DeliveryFailures.gave_up` in the transaction that marks the item failed
(a permanent refusal, or the last of its attempts). Then:

- the agents are told in their chat place (the ticket queue's channels or groups, top level:
  the ticket's thread may be what is broken), with the reason the platform gave;
- if the message was for the requester, the requester is owed a notice: their next message,
  or the next message the desk sends them, starts with it (:mod:`bot.lifecycle.missed_messages`).

A notice about a failure (``DELIVERY_FAILED``) that fails in turn is only logged: an agents'
place that refuses everything would otherwise fill the outbox with reports of reports.
"""

from __future__ import annotations

import logging
from collections.abc import Iterable

from sqlalchemy.orm import Session

from bot.delivery import OutboundKind
from bot.i18n import Catalog, Language
from bot.lifecycle.notifier import Notifier
from bot.messages import Destination, TextReply
from bot.storage.models import OutboxRow, TicketRow

log = logging.getLogger(__name__)

_FOR_REQUESTER = {OutboundKind.REQUESTER_NOTICE}
_FOR_AGENTS = {OutboundKind.AGENT_CARD, OutboundKind.CARD_UPDATE, OutboundKind.AGENT_THREAD, OutboundKind.PRIVATE_MESSAGE}
_REASON_CHARS = 300


class DeliveryFailures:
    def __init__(self, notifier: Notifier, catalog: Catalog, agents_language: Language) -> None:
        self.notifier = notifier
        self.catalog = catalog
        self.lang = agents_language

    def gave_up(self, session: Session, row: OutboxRow) -> None:
        """Tell whoever should know that ``row`` (just marked failed) will not be delivered."""
        if row.kind is OutboundKind.DELIVERY_FAILED:
            log.error("a notice of a failed delivery could not be delivered either (%s:%s): %s",
                      row.platform.value, row.channel, row.last_error)
            return
        ticket = session.get(TicketRow, row.ticket_id) if row.ticket_id is not None else None
        reason = _reason(row.last_error)
        place = f"{row.platform.value}:{row.channel}"
        if ticket is None:  # the answer of a turn (an intake), or a message about no ticket
            text = self.catalog.text(self.lang, "delivery.reply_failed", place=place, reason=reason)
            self._tell_agents(session, self.notifier.queues.of(None).destinations, text, None)
            return
        if row.kind in _FOR_REQUESTER:
            self.notifier.missed.owe(session, ticket)
            text = self.catalog.text(self.lang, "delivery.to_requester_failed", reference=ticket.reference,
                                     requester=ticket.requester_name or ticket.requester_id, reason=reason)
        elif row.kind in _FOR_AGENTS:
            text = self.catalog.text(self.lang, "delivery.to_agents_failed", reference=ticket.reference,
                                     place=place, reason=reason)
        else:
            return
        self._tell_agents(session, self.notifier.destinations(ticket), text, ticket.id)

    def _tell_agents(self, session: Session, places: Iterable[Destination], text: str, ticket_id: int | None) -> None:
        for destination in places:  # top level: the ticket's thread may be what is broken
            self.notifier.outbox.put(session, kind=OutboundKind.DELIVERY_FAILED,
                                     destination=Destination(destination.platform, destination.channel),
                                     replies=[TextReply(text)], ticket_id=ticket_id)


def _reason(error: str | None) -> str:
    """What the platform said, without our exception's class name."""
    text = (error or "?").removeprefix("DeliveryError: ")
    return text if len(text) <= _REASON_CHARS else text[: _REASON_CHARS - 1] + "…"
