"""The outbox's Telegram courier: the answers of turns, ticket cards in the agents' group, notices.

A ticket's thread is a forum topic when the agents' group is a forum (the receipt's
``thread`` is the topic id), otherwise the card message itself (``thread`` is its id and
later messages reply to it). A requester's Telegram files follow the card or the relayed
message there (:mod:`adapters.telegram.forwarding`). Telegram errors become
:class:`DeliveryError` (:mod:`adapters.telegram.failures`): rate limits and network trouble are
retried by the outbox, refusals (blocked bot, chat or topic gone) are not.

Idempotent where Telegram lets us be: the topic a delivery opens and each message it posts are
stored (``Delivery.record``) the moment Telegram returns them, so a retry reuses the topic and
edits the messages it knows. What Telegram accepted but never confirmed (a lost response, a
process killed before the id was stored) cannot be found again: the Bot API has no way to read a
chat's history or list its topics; that is the duplicate window the README names.
"""

from __future__ import annotations

import logging

from telegram import Bot
from telegram.error import BadRequest, TelegramError

from adapters.telegram.answers import answer_turn
from adapters.telegram.failures import delivery_error
from adapters.telegram.formatting import Outgoing, render
from adapters.telegram.forwarding import files_of, forward
from adapters.telegram.outbound import edit, send_all
from adapters.telegram.translate import Place
from bot.delivery import Delivery, DeliveryProgress, DeliveryReceipt, OutboundKind
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
        except TelegramError as error:
            raise delivery_error(error, delivery.destination.channel) from error

    async def _deliver(self, delivery: Delivery) -> DeliveryReceipt:
        destination = delivery.destination
        if delivery.kind is OutboundKind.TURN_REPLY:
            return await answer_turn(self._bot, delivery)
        messages = render(delivery.replies)
        if delivery.edit is not None:
            await edit(self._bot, destination.channel, int(delivery.edit.message_id), _as_one(messages))
            return delivery.edit
        if delivery.open_thread is not None:
            receipt, place = await self._open_thread(delivery, messages)
            await forward(self._bot, place, files_of(delivery.replies))
            return receipt
        place = await self._place(destination)
        posted = await self._post(delivery, place, messages, delivery.done)
        await forward(self._bot, place, files_of(delivery.replies))
        return DeliveryReceipt(posted[0], thread=destination.thread)

    async def _open_thread(self, delivery: Delivery, messages: list[Outgoing]) -> tuple[DeliveryReceipt, Place]:
        """Post the card in a new topic, or as the root of a reply chain; also where its files go.

        A topic an earlier attempt opened is reused: its id was stored the moment it existed."""
        chat, progress = delivery.destination.channel, delivery.done
        if await self._is_forum(chat):
            topic = progress.thread or await self._new_topic(chat, delivery.open_thread or "")
            if topic is not None:
                if progress.thread is None:
                    progress = await delivery.progressed(progress.with_thread(topic))
                place = Place(int(chat), topic=int(topic))
                posted = await self._post(delivery, place, messages, progress)
                return DeliveryReceipt(posted[0], thread=topic), place
        posted = await self._post(delivery, Place(int(chat)), messages, progress)
        root = posted[0]
        return DeliveryReceipt(root, thread=root), Place(int(chat), reply_to=int(root))

    async def _new_topic(self, chat: str, title: str) -> str | None:
        """A new forum topic's id; ``None`` when the group turns out not to be a forum."""
        try:
            topic = await self._bot.create_forum_topic(chat, _topic_name(title))
        except BadRequest as error:
            if "forum" not in error.message.lower():
                raise
            log.warning("chat %s is not a forum (%s): tickets become reply chains", chat, error.message)
            self._forums[chat] = False
            return None
        return str(topic.message_thread_id)

    async def _post(
        self, delivery: Delivery, place: Place, messages: list[Outgoing], progress: DeliveryProgress
    ) -> list[str]:
        """Send the parts not posted yet, storing each one's id as soon as Telegram gives it; a part
        an earlier attempt posted is edited to the same content (a no-op), never sent twice."""
        posted = list(progress.message_ids)
        for index, outgoing in enumerate(messages):
            if index < len(posted):
                await edit(self._bot, place.chat_id, int(posted[index]), outgoing)
                continue
            (sent,) = await send_all(self._bot, place, [outgoing])
            posted.append(str(sent.message_id))
            progress = await delivery.progressed(progress.with_message(posted[-1]))
        return posted

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
