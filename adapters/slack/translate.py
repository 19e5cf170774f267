"""Slack payloads (events, button presses, slash commands) as the core's neutral pieces."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from adapters.slack.escape import from_slack
from bot.messages import Attachment, ConversationKey, Platform

# Subtypes that are somebody writing; every other one (edits, deletions, joins, bots) is noise.
USER_SUBTYPES = {None, "file_share", "thread_broadcast"}

Payload = dict[str, Any]


@dataclass(frozen=True)
class RefusedFile:
    name: str
    size: int


def is_dm(channel: str, channel_type: str | None = None) -> bool:
    return channel_type == "im" or channel.startswith("D")


def is_user_message(event: Payload) -> bool:
    return (
        event.get("subtype") in USER_SUBTYPES
        and not event.get("bot_id")
        and not event.get("bot_profile")
        and bool(event.get("user"))
        and bool(event.get("channel"))
    )


def is_thread_reply(event: Payload) -> bool:
    thread = event.get("thread_ts")
    return bool(thread) and thread != event.get("ts")


def mentions(event: Payload, user_id: str | None) -> bool:
    return bool(user_id) and f"<@{user_id}>" in str(event.get("text", ""))


def message_where(event: Payload) -> ConversationKey:
    """A DM is one conversation; anywhere else the conversation is the message's thread."""
    channel = str(event["channel"])
    if is_dm(channel, event.get("channel_type")):
        return ConversationKey(Platform.SLACK, channel)
    return ConversationKey(Platform.SLACK, channel, str(event.get("thread_ts") or event["ts"]))


def message_text(event: Payload, bot_user_id: str | None) -> str:
    return from_slack(str(event.get("text") or ""), bot_user_id)


def files(event: Payload, max_bytes: int) -> tuple[tuple[Attachment, ...], list[RefusedFile]]:
    kept: list[Attachment] = []
    refused: list[RefusedFile] = []
    for item in event.get("files") or ():
        if item.get("mode") == "tombstone" or not item.get("id"):
            continue
        name = str(item.get("name") or item.get("title") or item["id"])
        size = int(item.get("size") or 0)
        if size > max_bytes:
            refused.append(RefusedFile(name, size))
            continue
        kept.append(
            Attachment(
                name=name,
                content_type=str(item.get("mimetype") or "application/octet-stream"),
                size=size or None,
                url=item.get("url_private"),
                platform_file_id=str(item["id"]),
                platform=Platform.SLACK,
            )
        )
    return tuple(kept), refused


def action_where(body: Payload) -> ConversationKey:
    """The conversation a pressed button belongs to: the thread of the message carrying it."""
    container = body.get("container") or {}
    message = body.get("message") or {}
    channel = str((body.get("channel") or {}).get("id") or container.get("channel_id"))
    if is_dm(channel):
        return ConversationKey(Platform.SLACK, channel)
    thread = message.get("thread_ts") or container.get("thread_ts") or container.get("message_ts") or message.get("ts")
    return ConversationKey(Platform.SLACK, channel, str(thread))


def action_event_id(body: Payload, action: Payload) -> str:
    """Stable across redeliveries of the same press, different for every press."""
    container = body.get("container") or {}
    return f"{body.get('type')}:{container.get('message_ts', '')}:{action.get('action_id')}:{action.get('action_ts')}"


def key_to_metadata(where: ConversationKey) -> dict[str, str]:
    return {"c": where.channel, "t": where.thread or ""}


def key_from_metadata(data: dict[str, Any]) -> ConversationKey:
    return ConversationKey(Platform.SLACK, str(data["c"]), str(data.get("t") or "") or None)
