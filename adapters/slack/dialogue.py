"""One turn on Slack: hand the message to the desk, post what it answers.

The desk is synchronous (one database transaction): it runs in a worker thread so the event
loop keeps acknowledging Slack. Turns of one conversation run one after the other, so
replies come out in the order the messages came in.
"""

from __future__ import annotations

import asyncio
import logging
import weakref
from collections.abc import Awaitable, Callable, Sequence

from adapters.slack.courier import Poster
from adapters.slack.notices import notice
from bot.desk import HelpDesk
from bot.messages import ConversationKey, InboundMessage, Reply, TextReply

log = logging.getLogger(__name__)

BeforePosting = Callable[[Sequence[Reply]], Awaitable[None]]


class Dialogue:
    def __init__(self, desk: HelpDesk, poster: Poster, default_language: str) -> None:
        self.desk = desk
        self.poster = poster
        self.default_language = default_language
        self._locks: weakref.WeakValueDictionary[ConversationKey, asyncio.Lock] = weakref.WeakValueDictionary()

    def lock(self, where: ConversationKey) -> asyncio.Lock:
        lock = self._locks.get(where)
        if lock is None:
            lock = asyncio.Lock()
            self._locks[where] = lock
        return lock

    async def is_known(self, where: ConversationKey) -> bool:
        return await asyncio.to_thread(self.desk.is_known_conversation, where)

    async def ask(self, message: InboundMessage) -> list[Reply]:
        """The desk's answer, without posting it (callers holding the conversation's lock)."""
        return await asyncio.to_thread(self.desk.handle, message)

    async def turn(self, message: InboundMessage, *, before_posting: BeforePosting | None = None) -> list[Reply]:
        async with self.lock(message.where):
            replies = await self.ask(message)
            if before_posting is not None:
                await before_posting(replies)
            await self.post(message, replies)
            return replies

    async def post(self, message: InboundMessage, replies: Sequence[Reply]) -> None:
        where = message.where
        await self.poster.post(where.channel, where.thread, replies, user=message.sender.user_id)

    async def safely(self, where: ConversationKey, user: str, locale: str | None, work: Awaitable[object]) -> None:
        """The adapter's one catch-all: log, and tell the user something went wrong."""
        try:
            await work
        except Exception:
            log.exception("Slack turn failed in %s for %s", where.as_text(), user)
            text = notice(locale or self.default_language, "error")
            try:
                await self.poster.post(where.channel, where.thread, [TextReply(text, ephemeral=True)], user=user)
            except Exception:
                log.exception("could not tell %s about the failure", user)
