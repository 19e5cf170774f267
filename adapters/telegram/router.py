"""Incoming updates: customers in private chats, agents in their groups (one per queue). The core
decides the rest."""

from __future__ import annotations

import logging

from telegram import Message, Update
from telegram.constants import ChatType
from telegram.ext import ContextTypes

from adapters.telegram import translate
from adapters.telegram.files import collect
from adapters.telegram.formatting import render
from adapters.telegram.outbound import close_keyboard, send_all
from bot.facade import AsyncDesk
from bot.messages import Reply, TextReply

log = logging.getLogger(__name__)

ALERT_LIMIT = 200  # characters Telegram shows in a callback answer


class UpdateRouter:
    def __init__(self, desk: AsyncDesk, agents_chats: frozenset[int]) -> None:
        self.desk = desk
        self.agents_chats = agents_chats

    async def on_message(self, update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
        message = update.message
        if message is None or message.from_user is None or message.from_user.is_bot:
            return
        agents = self._is_agents_chat(message.chat_id)
        if message.chat.type != ChatType.PRIVATE and not agents:
            return  # the bot was added to some other group: not its business
        files = await collect(context.bot, message)
        early: list[Reply] = []
        if files.too_big:
            locale = message.from_user.language_code
            early.append(TextReply(self.desk.text(locale, "telegram.file_too_big", names=", ".join(files.too_big))))
        inbound = translate.inbound_text(update, message, tuple(files.attachments), agents=agents)
        replies = await self.desk.handle(inbound) if inbound.text or inbound.attachments or not early else []
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
        replies = await self.desk.handle(translate.inbound_press(update, query, message, agents=agents))
        # A private answer is a pop-up on the button; one with buttons of its own (an agent's menu)
        # cannot be: it is posted where the button was.
        alerts = [r.text for r in replies if isinstance(r, TextReply) and r.ephemeral and not r.choices]
        shown = [r for r in replies if not (isinstance(r, TextReply) and r.ephemeral and not r.choices)]
        alert = "\n".join(alerts)
        await query.answer(_clip(alert) or None, show_alert=bool(alert))
        if not agents:  # agents' cards are edited by the core through the outbox instead
            await close_keyboard(message, query.data or "")
        if shown:
            await send_all(context.bot, translate.answer_place(message, agents=agents, pressed=True), render(shown))

    async def on_error(self, update: object, context: ContextTypes.DEFAULT_TYPE) -> None:
        log.error("error while handling Telegram update %s", getattr(update, "update_id", "?"), exc_info=context.error)

    def _is_agents_chat(self, chat_id: int) -> bool:
        return chat_id in self.agents_chats


def _clip(text: str) -> str:
    return text if len(text) <= ALERT_LIMIT else text[: ALERT_LIMIT - 1] + "…"
