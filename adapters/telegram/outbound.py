"""Send rendered messages to a chat, a forum topic, or as replies; retire answered keyboards."""

from __future__ import annotations

import html
import logging

from telegram import Bot, LinkPreviewOptions, Message, ReplyParameters
from telegram.constants import ParseMode
from telegram.error import BadRequest

from adapters.telegram.formatting import MESSAGE_LIMIT, Outgoing, units
from adapters.telegram.keyboards import keyboard, pressed_label, remaining_after
from adapters.telegram.translate import Place

log = logging.getLogger(__name__)

_NO_PREVIEW = LinkPreviewOptions(is_disabled=True)


async def send_all(bot: Bot, place: Place, messages: list[Outgoing]) -> list[Message]:
    sent = []
    for outgoing in messages:
        reply = ReplyParameters(place.reply_to, allow_sending_without_reply=True) if place.reply_to else None
        sent.append(
            await bot.send_message(
                place.chat_id,
                outgoing.html,
                parse_mode=ParseMode.HTML,
                reply_markup=keyboard(outgoing.choices),
                message_thread_id=place.topic,
                reply_parameters=reply,
                link_preview_options=_NO_PREVIEW,
            )
        )
    return sent


async def edit(bot: Bot, chat_id: int | str, message_id: int, outgoing: Outgoing) -> None:
    try:
        await bot.edit_message_text(
            outgoing.html,
            chat_id=chat_id,
            message_id=message_id,
            parse_mode=ParseMode.HTML,
            reply_markup=keyboard(outgoing.choices),
            link_preview_options=_NO_PREVIEW,
        )
    except BadRequest as error:
        if "not modified" not in error.message.lower():  # the same content twice is not a failure
            raise


async def close_keyboard(message: Message, data: str) -> None:
    """Mark the pressed button as chosen and remove its buttons, so nobody presses them twice: the
    whole keyboard, or only the pressed article's buttons when the message holds several groups."""
    label = pressed_label(message.reply_markup, data)
    if label is None:  # not a button of that message (forged): leave the message alone
        return
    rest = remaining_after(message.reply_markup, data)
    marked = f"{message.text_html}\n\n✔ {html.escape(label, quote=False)}" if message.text else ""
    try:
        if marked and units(marked) <= MESSAGE_LIMIT:
            await message.edit_text(marked, parse_mode=ParseMode.HTML, link_preview_options=_NO_PREVIEW, reply_markup=rest)
        else:
            await message.edit_reply_markup(reply_markup=rest)
    except BadRequest as error:  # too old to edit, already edited: the press itself is handled
        log.info("could not retire the keyboard of message %s: %s", message.message_id, error.message)


def answer_in_place(message: Message, data: str, answer: list[Outgoing], latest: str | None) -> Outgoing | None:
    """The pressed ``message`` rewritten as "✔ <chosen label>", a blank line and ``answer``, when
    that can replace retiring its keyboard and sending ``answer``: ``answer`` is one message, the
    pressed button is really there and no other button of it stays pressable, the pressed
    message is the newest the bot sent in that chat (``latest``), and the result fits."""
    if len(answer) != 1 or not message.text or latest is None or not latest.isdigit() or message.message_id < int(latest):
        return None
    label = pressed_label(message.reply_markup, data)
    if label is None or remaining_after(message.reply_markup, data) is not None:
        return None
    merged = f"✔ {html.escape(label, quote=False)}\n\n{answer[0].html}"
    return Outgoing(merged, answer[0].choices) if units(merged) <= MESSAGE_LIMIT else None
