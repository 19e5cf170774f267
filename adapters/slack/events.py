"""Messages: which ones start or continue a conversation, and how they reach the desk.

- a top-level message in the support channel starts a conversation in its own thread;
- a DM to the bot is one conversation (no thread);
- an @mention anywhere else starts one in the mention's thread;
- a reply in a thread continues it only if the thread is the bot's conversation;
- everything people write in an agents' channel (the default queue's, or another queue's) goes
  to the desk, which knows who the agents are and what their messages mean (notes, replies, commands);
- the bot's own messages, other bots, edits, deletions and joins are ignored.

Bolt acknowledges an event when its listener returns, and the listener returns once the event
is stored in the inbox; Slack's retries carry the same ``event_id``, the inbox's key, so a
retried event never gets a second answer.
"""

from __future__ import annotations

from typing import Any

from slack_bolt.context.async_context import AsyncBoltContext

from adapters.slack.answers import SlackHandle
from adapters.slack.dialogue import Dialogue
from adapters.slack.people import People
from adapters.slack.translate import (
    Payload,
    files,
    is_dm,
    is_thread_reply,
    is_user_message,
    mentions,
    message_text,
    message_where,
)
from bot.messages import ConversationKey, InboundMessage, Platform
from bot.settings import Settings


class MessageEvents:
    def __init__(self, dialogue: Dialogue, people: People, settings: Settings, agents_channels: frozenset[str]) -> None:
        self.dialogue = dialogue
        self.people = people
        self.support_channel = settings.slack_support_channel
        self.agents_channels = agents_channels
        self.max_file_bytes = settings.slack_max_file_bytes
        self.default_language = settings.default_language

    async def on_message(self, body: Payload, event: Payload, context: AsyncBoltContext) -> None:
        if not is_user_message(event):
            return
        bot_user = context.bot_user_id
        where = message_where(event)
        if await self._is_ours(event, where, bot_user):
            await self._send(body, event, where, bot_user)

    async def on_mention(self, body: Payload, event: Payload, context: AsyncBoltContext) -> None:
        channel = str(event.get("channel", ""))
        if channel == self.support_channel or channel in self.agents_channels or is_dm(channel, event.get("channel_type")):
            return  # the message listener answers there; answering twice would duplicate the turn
        if not is_user_message(event):
            return
        where = ConversationKey(Platform.SLACK, channel, str(event.get("thread_ts") or event["ts"]))
        await self._send(body, event, where, context.bot_user_id)

    async def _is_ours(self, event: Payload, where: ConversationKey, bot_user: str | None) -> bool:
        if where.thread is None:  # a DM
            return True
        if where.channel in self.agents_channels:
            return True  # ticket threads, commands, chatter: the desk decides what agents' messages mean
        in_thread = is_thread_reply(event)
        if where.channel == self.support_channel and not in_thread:
            return True
        if not in_thread:
            return False
        if where.channel != self.support_channel and mentions(event, bot_user):
            return False  # the app_mention listener has this one
        return await self.dialogue.is_known(where)

    async def _send(self, body: Payload, event: Payload, where: ConversationKey, bot_user: str | None) -> None:
        user = str(event["user"])
        sender = await self.people.sender(user)
        locale = sender.locale or self.default_language
        attachments, refused = files(event, self.max_file_bytes)
        notices = tuple(self.dialogue.text(locale, "slack.file_too_big", name=item.name, size=megabytes(item.size),
                                           limit=megabytes(self.max_file_bytes)) for item in refused)
        text = message_text(event, bot_user)
        if refused and not text and not attachments:
            for notice in notices:  # nothing for the desk: only the notice, said at once
                await self.dialogue.poster.notice(where.channel, where.thread, user, notice)
            return
        message = InboundMessage(sender=sender, where=where, text=text, attachments=attachments,
                                 event_id=_event_id(body, event))
        await self.dialogue.turn(message, SlackHandle(user, early=notices))


def _event_id(body: Payload, event: Any) -> str:
    return str(body.get("event_id") or f"message:{event.get('channel')}:{event.get('ts')}")


def megabytes(size: int) -> str:
    return f"{size / (1024 * 1024):.1f}".rstrip("0").rstrip(".")
