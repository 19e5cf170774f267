"""Incoming updates: customers in private chats, agents in their group. The core decides the rest."""

from __future__ import annotations

import asyncio
import logging

from telegram import Message, Update
from telegram.constants import ChatType
from telegram.ext import ContextTypes

from adapters.telegram import notices, translate
from adapters.telegram.files import collect
from adapters.telegram.formatting import render
from adapters.telegram.outbound import close_keyboard, send_all
from bot.desk import HelpDesk
from bot.i18n import Language, normalize_language
from bot.messages import InboundMessage, Reply, TextReply

log = logging.getLogger(__name__)

ALERT_LIMIT = 200  # characters Telegram shows in a callback answer


class UpdateRouter:
    def __init__(self, desk: HelpDesk, agents_chat_id: int | None, default_language: Language) -> None:
        self.desk = desk
        self.agents_chat_id = agents_chat_id
        self.default_language = default_language

    async def on_message(self, update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
        message = update.message
        if message is None or message.from_user is None or message.from_user.is_bot:
            return
        agents = self._is_agents_chat(message.chat_id)
        if message.chat.type != ChatType.PRIVATE and not agents:
            return  # the bot was added to some other group: not its business
        files = await collect(context.bot, message)
        lang = normalize_language(message.from_user.language_code, self.default_language)
        early: list[Reply] = []
        if files.too_big:
            early.append(TextReply(notices.text(lang, "file_too_big", names=", ".join(files.too_big))))
        inbound = translate.inbound_text(update, message, tuple(files.attachments), agents=agents)
        replies = await self._core(inbound, lang) if inbound.text or inbound.attachments or not early else []
        outgoing = [*early, *replies]
        if outgoing:
            await send_all(context.bot, translate.answer_place(message, agents=agents), render(outgoing))

    async def on_callback(self, update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
        query = update.callback_query
        assert query is not None
        message = query.message if isinstance(query.message, Message) else None
        agents = message is not None and self._is_agents_chat(message.chat_id)
        if message is None or (message.chat.type != ChatType.PRIVATE and not agents):
            await query.answer()  # an old or foreign message: nothing to act on
            return
        lang = normalize_language(query.from_user.language_code, self.default_language)
        replies = await self._core(translate.inbound_press(update, query, message, agents=agents), lang)
        alerts = [r.text for r in replies if isinstance(r, TextReply) and r.ephemeral]
        shown = [r for r in replies if not (isinstance(r, TextReply) and r.ephemeral)]
        alert = "\n".join(alerts)
        await query.answer(_clip(alert) or None, show_alert=bool(alert))
        if not agents:  # agents' cards are edited by the core through the outbox instead
            await close_keyboard(message, query.data or "")
        if shown:
            await send_all(context.bot, translate.answer_place(message, agents=agents, pressed=True), render(shown))

    async def on_error(self, update: object, context: ContextTypes.DEFAULT_TYPE) -> None:
        log.error("error while handling Telegram update %s", getattr(update, "update_id", "?"), exc_info=context.error)

    async def _core(self, inbound: InboundMessage, lang: Language) -> list[Reply]:
        """The one catch-all: whatever goes wrong in the core is logged and answered politely."""
        try:
            # The desk is synchronous (one database transaction): keep the event loop free.
            return await asyncio.to_thread(self.desk.handle, inbound)
        except Exception:
            log.exception("the desk failed on %s from %s", inbound.event_id, inbound.sender.user_id)
            return [TextReply(notices.text(lang, "failure"), ephemeral=inbound.button_id is not None)]

    def _is_agents_chat(self, chat_id: int) -> bool:
        return self.agents_chat_id is not None and chat_id == self.agents_chat_id


def _clip(text: str) -> str:
    return text if len(text) <= ALERT_LIMIT else text[: ALERT_LIMIT - 1] + "…"
