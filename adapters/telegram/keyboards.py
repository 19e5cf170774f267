"""Choices as inline keyboards: the core's button id travels as the callback data, untouched."""

from __future__ import annotations

import logging
import re

from telegram import InlineKeyboardButton, InlineKeyboardMarkup

from bot.messages import Choice

log = logging.getLogger(__name__)

CALLBACK_DATA_LIMIT = 64  # bytes, Telegram's limit for callback_data
_ARTICLE_BUTTON = re.compile(r"^📄(\d+) · ")


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


def remaining_after(markup: InlineKeyboardMarkup | None, data: str) -> InlineKeyboardMarkup | None:
    """The keyboard once the pressed button's group is retired: the buttons of the same numbered
    article (``📄2 · ...``, see :func:`adapters.telegram.formatting.render`), or every button
    that belongs to no article. ``None`` when nothing is left."""
    if markup is None:
        return None
    group = _group_of(next((b.text for row in markup.inline_keyboard for b in row if b.callback_data == data), ""))
    rows = [[b for b in row if _group_of(b.text) != group] for row in markup.inline_keyboard]
    kept = [row for row in rows if row]
    return InlineKeyboardMarkup(kept) if kept else None


def _group_of(label: str) -> str:
    found = _ARTICLE_BUTTON.match(label)
    return found.group(1) if found else ""
