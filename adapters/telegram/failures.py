"""Telegram errors as the outbox understands them: retry later, wait, or give up for good.

Permanent (``retry=False``): the bot was blocked or removed (``Forbidden``), the chat or the
topic no longer exists, the chat migrated to a supergroup (a setting to change), or any other
``BadRequest`` (the request itself is wrong and will stay wrong). Temporary: 429 (with the
wait Telegram asks for), timeouts, 5xx and network trouble.
"""

from __future__ import annotations

import logging
import warnings
from datetime import timedelta

from telegram.error import BadRequest, ChatMigrated, Forbidden, RetryAfter, TelegramError
from telegram.warnings import PTBDeprecationWarning

from bot.delivery import DeliveryError

log = logging.getLogger(__name__)

# How Telegram words refusals that will not change, for a readable reason (matched in lower case).
_GONE = {
    "bot was blocked by the user": "the person blocked the bot",
    "bot was kicked": "the bot was removed from the group",
    "user is deactivated": "the account was deleted",
    "chat not found": "the chat does not exist (or the bot is not in it)",
    "message thread not found": "the ticket's topic was deleted",
    "topic_deleted": "the ticket's topic was deleted",
    "not enough rights": "the bot may not post there",
}


def delivery_error(error: TelegramError, chat: str) -> DeliveryError:
    if isinstance(error, RetryAfter):
        return DeliveryError(f"Telegram rate limit: {error}", retry_after=retry_seconds(error))
    if isinstance(error, ChatMigrated):
        log.error("chat %s became %s: update the settings", chat, error.new_chat_id)
        return DeliveryError(f"chat {chat} migrated to {error.new_chat_id}: update the settings", retry=False)
    if isinstance(error, Forbidden | BadRequest):
        return DeliveryError(f"Telegram refused: {_reason(error.message)}", retry=False)
    return DeliveryError(f"Telegram unreachable: {error}")  # timeouts, 5xx, network: try again later


def _reason(message: str) -> str:
    lowered = message.lower()
    for words, reason in _GONE.items():
        if words in lowered:
            return f"{reason} ({message})"
    return message


def retry_seconds(error: RetryAfter) -> float:
    with warnings.catch_warnings():  # PTB 22 warns that retry_after will become a timedelta: both are handled
        warnings.simplefilter("ignore", PTBDeprecationWarning)
        value = error.retry_after
    return value.total_seconds() if isinstance(value, timedelta) else float(value)
