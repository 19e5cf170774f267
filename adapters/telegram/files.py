"""Photos and documents as attachments, within what a bot may download from Telegram."""

from __future__ import annotations

import logging
from dataclasses import dataclass, field

from telegram import Bot, Message
from telegram.error import BadRequest

from bot.messages import Attachment, Platform

log = logging.getLogger(__name__)

BOT_DOWNLOAD_LIMIT = 20 * 1024 * 1024  # bytes: getFile refuses bigger files
PHOTO = "photo"  # an attachment's platform_kind
DOCUMENT = "document"


@dataclass
class Collected:
    attachments: list[Attachment] = field(default_factory=list)
    too_big: list[str] = field(default_factory=list)  # names of files the bot cannot fetch


@dataclass(frozen=True)
class _Candidate:
    file_id: str
    name: str
    content_type: str
    size: int | None
    kind: str  # photo or document: Telegram re-sends a file id only as its own kind


def candidates(message: Message) -> list[_Candidate]:
    found = []
    if message.photo:
        photo = message.photo[-1]  # the largest size Telegram made
        found.append(_Candidate(photo.file_id, f"photo-{photo.file_unique_id}.jpg", "image/jpeg", photo.file_size, PHOTO))
    if message.document:
        doc = message.document
        name = doc.file_name or f"document-{doc.file_unique_id}"
        found.append(_Candidate(doc.file_id, name, doc.mime_type or "application/octet-stream", doc.file_size, DOCUMENT))
    return found


async def collect(bot: Bot, message: Message) -> Collected:
    """Check each file with getFile; files over the bot limit are reported, not attached.

    The attachment keeps Telegram's ``file_id`` (durable: the bot can fetch or resend the file
    with it) but no url: Telegram's download url embeds the bot token, which would hand
    control of the bot to whoever reads the ticket, and it expires after an hour anyway.
    """
    collected = Collected()
    for item in candidates(message):
        if item.size is not None and item.size > BOT_DOWNLOAD_LIMIT:
            collected.too_big.append(item.name)
            continue
        try:
            remote = await bot.get_file(item.file_id)
        except BadRequest as error:
            if "too big" not in error.message.lower():
                raise
            collected.too_big.append(item.name)
            continue
        log.info("attachment %s (%s, %s bytes) checked", item.name, item.content_type, item.size)
        size = item.size if item.size is not None else remote.file_size
        collected.attachments.append(
            Attachment(item.name, item.content_type, size, None, item.file_id, Platform.TELEGRAM, item.kind)
        )
    return collected
