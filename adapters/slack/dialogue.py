"""One turn on Slack: the message, with the adapter's note on it, goes to the runtime's inbox.

Once :meth:`Dialogue.turn` returns, the event is stored and the listener may acknowledge it to
Slack (Bolt runs with ``process_before_response``: the ack goes out when the listener returns).
The desk's answer comes back through the outbox (:mod:`adapters.slack.answers`).
"""

from __future__ import annotations

import logging
from collections.abc import Awaitable
from dataclasses import replace

from adapters.slack.answers import SlackHandle
from adapters.slack.courier import Poster
from bot.facade import AsyncDesk
from bot.inbox import Receiver
from bot.messages import ConversationKey, InboundMessage

log = logging.getLogger(__name__)


class Dialogue:
    def __init__(self, desk: AsyncDesk, poster: Poster, receiver: Receiver) -> None:
        self.desk = desk
        self.poster = poster
        self.receiver = receiver

    async def is_known(self, where: ConversationKey) -> bool:
        return await self.desk.is_known_conversation(where)

    def text(self, locale: str | None, key: str, **params: object) -> str:
        return self.desk.text(locale, key, **params)

    async def turn(self, message: InboundMessage, handle: SlackHandle) -> None:
        """Store the event; raises when it could not be (then Slack is not acknowledged, and retries)."""
        await self.receiver.receive([replace(message, reply_handle=handle.encode())])

    async def safely(self, where: ConversationKey, user: str, locale: str | None, work: Awaitable[object]) -> None:
        """Slack's own failures outside a turn (a form that would not open): logged, and the user is
        told, with the same apology as a turn that failed in the desk."""
        try:
            await work
        except Exception:
            log.exception("Slack interaction failed in %s for %s", where.as_text(), user)
            try:
                await self.poster.post(where.channel, where.thread, [self.desk.apology(locale, privately=True)], user=user)
            except Exception:
                log.exception("could not tell %s about the failure", user)
