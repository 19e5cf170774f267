"""The one seam between the adapters' event loops and the desk.

The desk is synchronous (one database transaction a turn): :class:`AsyncDesk` runs it in a worker
thread so the loop keeps serving the platform, holds the one catch-all for a turn that fails (it is
logged and the person gets the catalog's apology in their language, never silence), and gives the
adapters the catalog's texts about their own platform. A durable inbox can later sit behind
:meth:`AsyncDesk.handle` without an adapter noticing.
"""

from __future__ import annotations

import asyncio
import logging

from bot.desk import HelpDesk
from bot.i18n import Catalog, Language, normalize_language
from bot.messages import ConversationKey, InboundMessage, Reply, Sender, TextReply

log = logging.getLogger(__name__)


class AsyncDesk:
    def __init__(self, desk: HelpDesk, catalog: Catalog, default_language: Language) -> None:
        self._desk = desk
        self._catalog = catalog
        self._default_language = default_language

    async def handle(self, message: InboundMessage) -> list[Reply]:
        """The desk's answer to ``message``; an apology when the turn failed (nothing of it was kept)."""
        try:
            return await asyncio.to_thread(self._desk.handle, message)
        except Exception:
            log.exception("the desk failed on %s from %s:%s", message.event_id, message.sender.platform.value,
                          message.sender.user_id)
            return [self.apology(message.sender.locale, privately=message.button_id is not None or bool(message.edits))]

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
