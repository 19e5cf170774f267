"""Telegram updates to the core's neutral messages. Pure functions: no network, no database."""

from __future__ import annotations

from dataclasses import dataclass

from telegram import CallbackQuery, Message, Update, User
from telegram.constants import ChatType

from bot.messages import Attachment, ConversationKey, InboundMessage, Platform, Sender


@dataclass(frozen=True)
class Place:
    """Where to answer: the chat, and the forum topic or the message to reply to."""

    chat_id: int
    topic: int | None = None
    reply_to: int | None = None


def sender(user: User) -> Sender:
    return Sender(Platform.TELEGRAM, str(user.id), user.full_name, user.language_code, username=user.username or "")


def event_id(update: Update) -> str:
    return f"update:{update.update_id}"


def agents_thread(message: Message, *, pressed: bool = False) -> str | None:
    """The ticket thread a message of the agents' group belongs to.

    In a forum it is the topic. In a plain group a ticket's thread is its card and the replies
    to it: Telegram gives supergroup replies the id of the chain's first message as
    ``message_thread_id``; a button pressed on the card itself (``pressed``) names the card.
    """
    if message.is_topic_message and message.message_thread_id:
        return str(message.message_thread_id)
    if message.reply_to_message is not None:
        return str(message.message_thread_id or message.reply_to_message.message_id)
    return str(message.message_id) if pressed else None


def replied_message(message: Message) -> str | None:
    replied = message.reply_to_message
    # In a forum topic every message "replies" to the topic's opening service message.
    if replied is None or replied.forum_topic_created is not None:
        return None
    return str(replied.message_id)


def conversation(message: Message, *, agents: bool, pressed: bool = False) -> ConversationKey:
    thread = agents_thread(message, pressed=pressed) if agents else None
    return ConversationKey(Platform.TELEGRAM, str(message.chat_id), thread)


def answer_place(message: Message, *, agents: bool, pressed: bool = False) -> Place:
    """Customers get answers in their private chat; agents in the ticket's topic or reply chain."""
    if not agents or message.chat.type == ChatType.PRIVATE:
        return Place(message.chat_id)
    if message.is_topic_message and message.message_thread_id:
        return Place(message.chat_id, topic=message.message_thread_id)
    root = agents_thread(message, pressed=pressed)
    return Place(message.chat_id, reply_to=int(root) if root else message.message_id)


def inbound_text(update: Update, message: Message, attachments: tuple[Attachment, ...], *, agents: bool) -> InboundMessage:
    assert message.from_user is not None
    return InboundMessage(
        sender=sender(message.from_user),
        where=conversation(message, agents=agents),
        text=message.text or message.caption or "",
        attachments=attachments,
        event_id=event_id(update),
        reply_to=replied_message(message),
    )


def inbound_press(update: Update, query: CallbackQuery, message: Message, *, agents: bool) -> InboundMessage:
    return InboundMessage(
        sender=sender(query.from_user),
        where=conversation(message, agents=agents, pressed=True),
        button_id=query.data or "",
        event_id=event_id(update),
    )
