"""Incoming updates as the core's messages: customers in private chats, agents in their groups (one
per queue). The core decides the rest; :mod:`adapters.telegram.answers` delivers its answer.

What the answer needs beyond the replies (the update itself: the pressed button's message, the
callback query to answer, whether it came from an agents' group, notices about refused files)
travels as the message's ``reply_handle``, opaque to the core.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, replace
from typing import Any

from telegram import Bot, Message, Update
from telegram.constants import ChatType
from telegram.ext import filters

from adapters.telegram import translate
from adapters.telegram.files import collect
from bot.facade import AsyncDesk
from bot.messages import InboundMessage


@dataclass(frozen=True)
class Handle:
    """The adapter's note on an update, kept with the turn's replies."""

    update: dict[str, Any]
    agents: bool
    early: tuple[str, ...] = ()  # texts sent before the replies (files the bot cannot fetch)

    def encode(self) -> str:
        return json.dumps({"update": self.update, "agents": self.agents, "early": list(self.early)},
                          separators=(",", ":"), ensure_ascii=False)

    @classmethod
    def decode(cls, text: str) -> Handle:
        data = json.loads(text)
        return cls(dict(data["update"]), bool(data.get("agents")), tuple(data.get("early") or ()))


@dataclass(frozen=True)
class Routed:
    """What to do with an update: store ``message``; or, with no message, ``notice`` the sender
    directly (only refused files, nothing for the desk); or nothing (not the bot's business)."""

    message: InboundMessage | None = None
    notice: tuple[Message, str] | None = None
    unanswered_press: str | None = None  # a callback query to answer at once, empty: not ours to act on


class UpdateRouter:
    def __init__(self, desk: AsyncDesk, agents_chats: frozenset[int]) -> None:
        self.desk = desk
        self.agents_chats = agents_chats

    async def route(self, update: Update, bot: Bot) -> Routed:
        if update.callback_query is not None:
            return self._press(update)
        message = update.message
        if message is None or message.from_user is None or message.from_user.is_bot:
            return Routed()
        agents = message.chat_id in self.agents_chats
        if message.chat.type != ChatType.PRIVATE and not agents:
            return Routed()  # the bot was added to some other group: not its business
        if filters.StatusUpdate.ALL.check_update(update):
            return Routed()  # joins, leaves, pins, topic changes: Telegram's own notes
        files = await collect(bot, message)
        early: tuple[str, ...] = ()
        if files.too_big:
            early = (self.desk.text(message.from_user.language_code, "telegram.file_too_big",
                                    names=", ".join(files.too_big)),)
        inbound = translate.inbound_text(update, message, tuple(files.attachments), agents=agents)
        if early and not inbound.text and not inbound.attachments:
            return Routed(notice=(message, early[0]))
        handle = Handle(update.to_dict(), agents, early)
        return Routed(replace(inbound, reply_handle=handle.encode()))

    def _press(self, update: Update) -> Routed:
        query = update.callback_query
        assert query is not None
        message = query.message if isinstance(query.message, Message) else None
        agents = message is not None and message.chat_id in self.agents_chats
        if message is None or (message.chat.type != ChatType.PRIVATE and not agents):
            return Routed(unanswered_press=query.id)  # an old or foreign message: nothing to act on
        inbound = translate.inbound_press(update, query, message, agents=agents)
        return Routed(replace(inbound, reply_handle=Handle(update.to_dict(), agents).encode()))

