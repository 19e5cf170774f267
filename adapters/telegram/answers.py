"""The answer of a turn (an outbox ``TURN_REPLY``), delivered where the update came from.

A message is answered in its chat (agents: in the ticket's topic or reply chain), after any
notice about files the bot could not fetch. A pressed button's private answers become the
pop-up on the button (one with buttons of its own cannot be: it is posted), the pressed
keyboard is retired in a private chat (agents' cards are edited by the core through the
outbox instead), and the rest is posted where the button was. Answering the callback query
again on a retry fails harmlessly: Telegram keeps only the first answer.

One counted message per button turn where Telegram allows it: when the answer is a single
message for the same private chat and the pressed message is the newest the bot sent there,
the pressed message itself becomes "✔ <chosen label>" followed by the answer and its keyboard
(one ``editMessageText`` instead of retiring the keyboard and sending a new message). Editing
again on a retry changes nothing, so the edit is idempotent; it is recorded in the progress
like a posted part. Otherwise (several messages, files, a card, a stale press, an answer too
long) the keyboard is retired and the answer sent.
"""

from __future__ import annotations

import logging
from dataclasses import replace

from telegram import Bot, Message, Update
from telegram.error import BadRequest

from adapters.telegram import translate
from adapters.telegram.formatting import render
from adapters.telegram.forwarding import files_of
from adapters.telegram.outbound import answer_in_place, close_keyboard, edit, send_all
from adapters.telegram.router import Handle
from adapters.telegram.translate import Place
from bot.delivery import Delivery, DeliveryReceipt
from bot.messages import Reply, TextReply, TicketCard

log = logging.getLogger(__name__)

ALERT_LIMIT = 200  # characters Telegram shows in a callback answer


async def answer_turn(bot: Bot, delivery: Delivery) -> DeliveryReceipt:
    destination = delivery.destination
    if delivery.reply_handle is None:  # written without an update to answer: post to the conversation
        sent = await send_all(bot, Place(int(destination.channel)), render(delivery.replies))
        return _receipt(sent, destination.thread)
    handle = Handle.decode(delivery.reply_handle)
    update = Update.de_json(handle.update, bot)
    query = update.callback_query
    if query is not None and isinstance(query.message, Message):
        return await _answer_press(bot, update, query.message, handle, delivery)
    message = update.message
    assert message is not None, "a TURN_REPLY's handle holds a message or a callback query"
    outgoing: list[Reply] = [*(TextReply(text) for text in handle.early), *delivery.replies]
    sent = await send_all(bot, translate.answer_place(message, agents=handle.agents), render(outgoing))
    return _receipt(sent, destination.thread)


async def _answer_press(
    bot: Bot, update: Update, message: Message, handle: Handle, delivery: Delivery
) -> DeliveryReceipt:
    query = update.callback_query
    assert query is not None
    replies = delivery.replies
    alerts = [r.text for r in replies if isinstance(r, TextReply) and _is_alert(r)]
    shown = [r for r in replies if not _is_alert(r)]
    alert = "\n".join(alerts)
    try:
        await query.answer(_clip(alert) or None, show_alert=bool(alert))
    except BadRequest as error:  # answered already (a retry), or too old: the rest still goes out
        log.info("callback query %s not answered: %s", query.id, error.message)
    place = translate.answer_place(message, agents=handle.agents, pressed=True)
    rendered = render(shown)
    merged = None if handle.agents else answer_in_place(message, query.data or "", rendered, delivery.latest)
    if merged is not None and place.chat_id == message.chat_id and _one_text(shown):
        await edit(bot, message.chat_id, message.message_id, merged)
        edited = str(message.message_id)
        if edited not in delivery.done.message_ids:
            await delivery.progressed(delivery.done.with_message(edited))
        return DeliveryReceipt(edited)
    if not handle.agents:
        await close_keyboard(message, query.data or "")
    sent: list[Message] = []
    if shown:
        sent = await send_all(bot, place, rendered)
        await delivery.progressed(replace(delivery.done, message_ids=tuple(str(m.message_id) for m in sent)))
    return _receipt(sent, None)


def _one_text(replies: list[Reply]) -> bool:
    """Replies an edit can carry: no ticket card, no file to follow."""
    return not any(isinstance(r, TicketCard) for r in replies) and not files_of(replies)


def _is_alert(reply: Reply) -> bool:
    return isinstance(reply, TextReply) and reply.ephemeral and not reply.choices


def _receipt(sent: list[Message], thread: str | None) -> DeliveryReceipt:
    return DeliveryReceipt(str(sent[0].message_id) if sent else "", thread=thread)


def _clip(text: str) -> str:
    return text if len(text) <= ALERT_LIMIT else text[: ALERT_LIMIT - 1] + "…"
