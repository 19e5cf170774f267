"""Choices as inline keyboards: the core's button id travels as the callback data, untouched."""

from __future__ import annotations

import logging

from telegram import InlineKeyboardButton, InlineKeyboardMarkup

from bot.messages import Choice

log = logging.getLogger(__name__)

CALLBACK_DATA_LIMIT = 64  # bytes, Telegram's limit for callback_data


def keyboard(choices: tuple[Choice, ...]) -> InlineKeyboardMarkup | None:
    """One button per row: labels are sentences, and a row of them gets cut off on a phone."""
    rows = []
    for choice in choices:
        if len(choice.id.encode()) > CALLBACK_DATA_LIMIT:
            # Telegram would refuse the whole message: lose one button, not the answer.
            log.error("dropping button %r: its id is longer than %d bytes", choice.label, CALLBACK_DATA_LIMIT)
            continue
        rows.append([InlineKeyboardButton(choice.label, callback_data=choice.id)])
    return InlineKeyboardMarkup(rows) if rows else None


def pressed_label(markup: InlineKeyboardMarkup | None, data: str) -> str | None:
    """The label of the button carrying ``data`` on that keyboard, if it really is there."""
    if markup is None:
        return None
    for row in markup.inline_keyboard:
        for button in row:
            if button.callback_data == data:
                return button.text
    return None
