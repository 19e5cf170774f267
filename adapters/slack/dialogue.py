"""One turn on Slack: hand the message to the desk (through the core's async facade), post what
it answers. Turns of one conversation run one after the other, so replies come out in the order
the messages came in."""

from __future__ import annotations

import asyncio
import logging
import weakref
from collections.abc import Awaitable, Callable, Sequence

from adapters.slack.courier import Poster
from bot.facade import AsyncDesk
from bot.messages import ConversationKey, InboundMessage, Reply

log = logging.getLogger(__name__)

BeforePosting = Callable[[Sequence[Reply]], Awaitable[None]]


class Dialogue:
    def __init__(self, desk: AsyncDesk, poster: Poster) -> None:
        self.desk = desk
        self.poster = poster
        self._locks: weakref.WeakValueDictionary[ConversationKey, asyncio.Lock] = weakref.WeakValueDictionary()

    def lock(self, where: ConversationKey) -> asyncio.Lock:
        lock = self._locks.get(where)
        if lock is None:
            lock = asyncio.Lock()
            self._locks[where] = lock
        return lock

    async def is_known(self, where: ConversationKey) -> bool:
        return await self.desk.is_known_conversation(where)

    def text(self, locale: str | None, key: str, **params: object) -> str:
        return self.desk.text(locale, key, **params)

    async def turn(self, message: InboundMessage, *, before_posting: BeforePosting | None = None) -> list[Reply]:
        async with self.lock(message.where):
            replies = await self.desk.handle(message)
            if before_posting is not None:
                await before_posting(replies)
            await self.post(message, replies)
            return replies

    async def post(self, message: InboundMessage, replies: Sequence[Reply]) -> None:
        where = message.where
        await self.poster.post(where.channel, where.thread, replies, user=message.sender.user_id)

    async def safely(self, where: ConversationKey, user: str, locale: str | None, work: Awaitable[object]) -> None:
        """Slack's own failures (a post, a form that would not open): logged, and the user is told,
        with the same apology as a turn that failed in the desk."""
        try:
            await work
        except Exception:
            log.exception("Slack turn failed in %s for %s", where.as_text(), user)
            try:
                await self.poster.post(where.channel, where.thread, [self.desk.apology(locale, privately=True)], user=user)
            except Exception:
                log.exception("could not tell %s about the failure", user)
