"""A requester's Telegram files, re-sent by file id after the card or message they belong to.

The bot that received a file may send it again by its ``file_id`` without downloading it, but
only as the kind Telegram made it (a photo id is refused by ``sendDocument`` and the reverse).
Files from another platform stay what the card lists (a Slack link). A file Telegram refuses
must not cost the card its delivery, which the outbox would repeat (a second card, a second
topic): it is logged and a one-line notice takes its place.
"""

from __future__ import annotations

import logging
from collections.abc import Iterable

from telegram import Bot, ReplyParameters
from telegram.error import TelegramError

from adapters.telegram.files import PHOTO
from adapters.telegram.translate import Place
from bot.messages import ForwardedFile, Platform, Reply, TextReply, TicketCard

log = logging.getLogger(__name__)

CAPTION_LIMIT = 1024  # Telegram's limit for a caption


def files_of(replies: Iterable[Reply]) -> list[ForwardedFile]:
    """The files Telegram can show: sent from Telegram, with their file id."""
    return [
        item
        for reply in replies
        if isinstance(reply, TextReply | TicketCard)
        for item in reply.files
        if item.attachment.platform is Platform.TELEGRAM and item.attachment.platform_file_id
    ]


async def forward(bot: Bot, place: Place, files: Iterable[ForwardedFile]) -> None:
    for item in files:
        try:
            await _send(bot, place, item)
        except TelegramError as error:
            log.warning("file %s (%s) could not be forwarded to chat %s: %s",
                        item.attachment.name, item.attachment.platform_file_id, place.chat_id, error)
            await _notify(bot, place, item)


async def _send(bot: Bot, place: Place, item: ForwardedFile) -> None:
    attachment = item.attachment
    file_id = str(attachment.platform_file_id)
    caption = item.caption if len(item.caption) <= CAPTION_LIMIT else item.caption[: CAPTION_LIMIT - 1] + "…"
    if attachment.platform_kind == PHOTO:
        await bot.send_photo(place.chat_id, file_id, caption=caption, message_thread_id=place.topic,
                             reply_parameters=_reply(place))
    else:
        await bot.send_document(place.chat_id, file_id, caption=caption, message_thread_id=place.topic,
                                reply_parameters=_reply(place))


async def _notify(bot: Bot, place: Place, item: ForwardedFile) -> None:
    try:
        await bot.send_message(place.chat_id, item.failure_notice, message_thread_id=place.topic,
                               reply_parameters=_reply(place))
    except TelegramError as error:  # the card is delivered: the file is still listed on it
        log.error("notice for file %s could not be posted in chat %s either: %s", item.attachment.name, place.chat_id, error)


def _reply(place: Place) -> ReplyParameters | None:
    return ReplyParameters(place.reply_to, allow_sending_without_reply=True) if place.reply_to else None
