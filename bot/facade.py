"""The one seam between the adapters' event loops and the desk.

The desk is synchronous (one database transaction a turn): :class:`AsyncDesk` runs it in a worker
thread so the loop keeps serving the platform, holds the one catch-all for a turn that fails (it is
logged and the person gets the catalog's apology in their language, never silence), and gives the
adapters the catalog's texts about their own platform. Slack and Telegram no longer call
:meth:`AsyncDesk.handle`: their events go through the durable inbox and the runtime
(:mod:`bot.runtime`), which answers through the outbox; the console still talks to the desk here.
"""

from __future__ import annotations

import asyncio
import logging
import time

from bot.desk import HelpDesk
from bot.i18n import Catalog, Language, normalize_language
from bot.messages import ConversationKey, InboundMessage, Reply, Sender, TextReply
from bot.observability.turns import TurnRecord, TurnWatchers

log = logging.getLogger(__name__)


class AsyncDesk:
    def __init__(self, desk: HelpDesk, catalog: Catalog, default_language: Language, watchers: TurnWatchers) -> None:
        self._desk = desk
        self._catalog = catalog
        self._default_language = default_language
        self.watchers = watchers  # told of every turn (metrics): see bot.observability.turns

    async def handle(self, message: InboundMessage) -> list[Reply]:
        """The desk's answer to ``message``; an apology when the turn failed (nothing of it was kept)."""
        started = time.perf_counter()
        try:
            replies = await asyncio.to_thread(self._desk.handle, message)
        except Exception:
            log.exception("the desk failed on %s from %s:%s", message.event_id, message.sender.platform.value,
                          message.sender.user_id)
            privately = message.button_id is not None or bool(message.edits)
            apology: list[Reply] = [self.apology(message.sender.locale, privately=privately)]
            self._turn_done(message, apology, started, failed=True)
            return apology
        self._turn_done(message, replies, started, failed=False)
        return replies

    def _turn_done(self, message: InboundMessage, replies: list[Reply], started: float, *, failed: bool) -> None:
        seconds = time.perf_counter() - started
        self.watchers.turn_done(TurnRecord(message.sender.platform, len(replies), seconds, failed))

    async def is_known_conversation(self, where: ConversationKey) -> bool:
        return await asyncio.to_thread(self._desk.is_known_conversation, where)

    async def resume(self, sender: Sender, where: ConversationKey) -> list[Reply]:
        return await asyncio.to_thread(self._desk.resume, sender, where)

    def apology(self, locale: str | None, *, privately: bool = False) -> TextReply:
        return TextReply(self.text(locale, "desk.failure"), ephemeral=privately)

    def language(self, locale: str | None) -> Language:
        return normalize_language(locale, self._default_language)

    def text(self, locale: str | None, key: str, **params: object) -> str:
        """A catalog text in the language of ``locale`` (a platform's ``fr-FR``, ``en_US``…)."""
        return self._catalog.text(self.language(locale), key, **params)
