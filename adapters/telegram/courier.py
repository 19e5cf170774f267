"""The outbox's Telegram courier: the answers of turns, ticket cards in the agents' group, notices.

A ticket's thread is a forum topic when the agents' group is a forum (the receipt's
``thread`` is the topic id), otherwise the card message itself (``thread`` is its id and
later messages reply to it). A requester's Telegram files follow the card or the relayed
message there (:mod:`adapters.telegram.forwarding`). Telegram errors become
:class:`DeliveryError`: rate limits and network trouble are retried by the outbox, refusals
(blocked bot, bad chat) are not.
"""

from __future__ import annotations

import logging
import warnings
from datetime import timedelta

from telegram import Bot
from telegram.error import (
    BadRequest,
    ChatMigrated,
    Forbidden,
    NetworkError,
    RetryAfter,
    TelegramError,
)
from telegram.warnings import PTBDeprecationWarning

from adapters.telegram.answers import answer_turn
from adapters.telegram.formatting import Outgoing, render
from adapters.telegram.forwarding import files_of, forward
from adapters.telegram.outbound import edit, send_all
from adapters.telegram.translate import Place
from bot.delivery import Delivery, DeliveryError, DeliveryReceipt, OutboundKind
from bot.messages import Destination, Platform

log = logging.getLogger(__name__)

TOPIC_NAME_LIMIT = 128


class TelegramCourier:
    platform = Platform.TELEGRAM

    def __init__(self, bot: Bot) -> None:
        self._bot = bot
        self._forums: dict[str, bool] = {}

    async def deliver(self, delivery: Delivery) -> DeliveryReceipt:
        try:
            return await self._deliver(delivery)
        except RetryAfter as error:
            raise DeliveryError(f"Telegram rate limit: {error}", retry_after=retry_seconds(error)) from error
        except ChatMigrated as error:
            log.error("chat %s became %s: update the settings", delivery.destination.channel, error.new_chat_id)
            raise DeliveryError(f"chat migrated to {error.new_chat_id}", retry=False) from error
        except (BadRequest, Forbidden) as error:
            raise DeliveryError(f"Telegram refused: {error.message}", retry=False) from error
        except (NetworkError, TelegramError) as error:  # timeouts, 5xx: try again later
            raise DeliveryError(f"Telegram unreachable: {error}") from error

    async def _deliver(self, delivery: Delivery) -> DeliveryReceipt:
        destination = delivery.destination
        if delivery.kind is OutboundKind.TURN_REPLY:
            return await answer_turn(self._bot, delivery)
        messages = render(delivery.replies)
        if delivery.edit is not None:
            await edit(self._bot, destination.channel, int(delivery.edit.message_id), _as_one(messages))
            return delivery.edit
        if delivery.open_thread is not None:
            receipt, place = await self._open_thread(destination, delivery.open_thread, messages)
            await forward(self._bot, place, files_of(delivery.replies))
            return receipt
        place = await self._place(destination)
        sent = await send_all(self._bot, place, messages)
        await forward(self._bot, place, files_of(delivery.replies))
        return DeliveryReceipt(str(sent[0].message_id), thread=destination.thread)

    async def _open_thread(
        self, destination: Destination, title: str, messages: list[Outgoing]
    ) -> tuple[DeliveryReceipt, Place]:
        """Post the card in a new topic, or as the root of a reply chain; also where its files go."""
        chat = destination.channel
        if await self._is_forum(chat):
            try:
                topic = await self._bot.create_forum_topic(chat, _topic_name(title))
            except BadRequest as error:
                if "forum" not in error.message.lower():
                    raise
                log.warning("chat %s is not a forum (%s): tickets become reply chains", chat, error.message)
                self._forums[chat] = False
            else:
                place = Place(int(chat), topic=topic.message_thread_id)
                sent = await send_all(self._bot, place, messages)
                return DeliveryReceipt(str(sent[0].message_id), thread=str(topic.message_thread_id)), place
        sent = await send_all(self._bot, Place(int(chat)), messages)
        root = sent[0].message_id
        return DeliveryReceipt(str(root), thread=str(root)), Place(int(chat), reply_to=root)

    async def _place(self, destination: Destination) -> Place:
        chat = int(destination.channel)
        if destination.thread is None:
            return Place(chat)
        if await self._is_forum(destination.channel):
            return Place(chat, topic=int(destination.thread))
        return Place(chat, reply_to=int(destination.thread))

    async def _is_forum(self, chat: str) -> bool:
        if int(chat) > 0:  # a private chat
            return False
        if chat not in self._forums:
            self._forums[chat] = bool((await self._bot.get_chat(chat)).is_forum)
        return self._forums[chat]


def _as_one(messages: list[Outgoing]) -> Outgoing:
    """A card edited in place stays one message: its first part, with all its buttons."""
    return Outgoing(messages[0].html, tuple(c for m in messages for c in m.choices))


def _topic_name(title: str) -> str:
    name = " ".join(title.split()) or "…"
    return name if len(name) <= TOPIC_NAME_LIMIT else name[: TOPIC_NAME_LIMIT - 1] + "…"


def retry_seconds(error: RetryAfter) -> float:
    with warnings.catch_warnings():  # PTB 22 warns that retry_after will become a timedelta: both are handled
        warnings.simplefilter("ignore", PTBDeprecationWarning)
        value = error.retry_after
    return value.total_seconds() if isinstance(value, timedelta) else float(value)
