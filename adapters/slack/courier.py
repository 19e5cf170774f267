"""Posting replies to Slack: everything the outbox delivers, the answers of turns included.

:class:`Poster` turns replies into ``chat.*`` calls. :class:`SlackCourier` implements
:class:`bot.delivery.Courier` on top of it: a card that opens a thread returns its own ``ts`` as
the thread; an edit is ``chat.update``; any failure becomes a :class:`DeliveryError`.
"""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

import aiohttp
from slack_sdk.errors import SlackApiError
from slack_sdk.web.async_client import AsyncWebClient

from adapters.slack.answers import answer_turn
from adapters.slack.blocks import (
    FALLBACK_CHARS,
    Block,
    answered,
    chunks,
    fallback_text,
    render,
)
from adapters.slack.escape import cut
from adapters.slack.lookup import metadata, posted_before
from bot.delivery import Delivery, DeliveryError, DeliveryProgress, DeliveryReceipt, OutboundKind
from bot.messages import Platform, Reply, TextReply

# Errors that trying again will not fix: give the message up at once.
PERMANENT_ERRORS = {
    "channel_not_found", "not_in_channel", "is_archived", "invalid_auth", "account_inactive",
    "token_revoked", "no_permission", "missing_scope", "msg_too_long", "invalid_blocks",
    "invalid_blocks_format", "message_not_found", "cant_update_message", "edit_window_closed",
    "user_not_found", "restricted_action", "invalid_arguments",
}


@dataclass(frozen=True)
class Part:
    """One Slack message of a reply list: its blocks and fallback text (``ephemeral_to``: shown to one user)."""

    blocks: list[Block]
    text: str
    ephemeral_to: str | None = None


def _parts(blocks: list[Block], texts: list[str]) -> list[Part]:
    """A message's blocks cut into as many messages as Slack's block limits need."""
    text = cut("\n".join(texts), FALLBACK_CHARS)
    return [Part(chunk, text) for chunk in chunks(blocks)]


class Poster:
    def __init__(self, client: AsyncWebClient) -> None:
        self.client = client

    async def post(
        self, channel: str, thread: str | None, replies: Sequence[Reply], *, user: str | None = None,
        key: str | None = None, attempts: int = 0,
    ) -> list[str]:
        """Post the replies (ephemeral ones only to ``user``); returns the posted messages' ts.

        A turn is one message rather than one per reply (Slack allows about one message per
        second per channel): see :meth:`plan`.
        """
        posted: list[str] = []
        for number, part in enumerate(self.plan(replies, user=user)):
            if part.ephemeral_to is not None:
                await self.client.chat_postEphemeral(channel=channel, user=part.ephemeral_to, thread_ts=thread,
                                                     text=part.text, blocks=part.blocks)
                continue
            # ``key`` names an outbox item: after a failed attempt, what it posted is looked for first.
            found = await posted_before(self.client, channel, thread, key, number) if key and attempts else None
            posted.append(found or await self.post_part(channel, thread, part, key=key, number=number))
        return posted

    def plan(self, replies: Sequence[Reply], *, user: str | None = None) -> list[Part]:
        """The messages ``replies`` become, in order: one message for them all (a turn's articles and
        its question together), cut only where Slack's block limits require; ephemeral replies to
        ``user`` apart. Each reply keeps its own buttons under it, and pressing one retires only
        those (:func:`adapters.slack.blocks.answered`)."""
        parts: list[Part] = []
        lead: list[Block] = []
        lead_text: list[str] = []
        for reply in replies:
            if isinstance(reply, TextReply) and reply.ephemeral and user:
                parts.append(Part(render(reply), fallback_text(reply), ephemeral_to=user))
                continue
            lead += render(reply)
            lead_text.append(fallback_text(reply))
        if lead_text:
            parts += _parts(lead, lead_text)
        return parts

    async def post_part(
        self, channel: str, thread: str | None, part: Part, *, key: str | None = None, number: int = 0
    ) -> str:
        """Post one message, tagged with metadata naming it (``key``, ``number``: the outbox item and
        part; a fresh name otherwise). When Slack's answer is lost (a 5xx, a cut connection, a
        timeout: Slack may have posted it), it is looked for before being posted once more."""
        key = key or f"post-{uuid.uuid4().hex}"
        try:
            return await self._post_tagged(channel, thread, part, metadata(key, number))
        except (SlackApiError, aiohttp.ClientError, TimeoutError) as error:
            if not _maybe_carried_out(error):
                raise
            found = await posted_before(self.client, channel, thread, key, number)
            if found is not None:
                return found
            return await self._post_tagged(channel, thread, part, metadata(key, number))

    async def _post_tagged(self, channel: str, thread: str | None, part: Part, tag: dict[str, Any]) -> str:
        response = await self.client.chat_postMessage(
            channel=channel, thread_ts=thread, text=part.text, blocks=part.blocks or None,
            unfurl_links=False, unfurl_media=False, metadata=tag,
        )
        return str(response["ts"])

    async def notice(self, channel: str, thread: str | None, user: str, text: str) -> None:
        await self.post(channel, thread, [TextReply(text, ephemeral=True)], user=user)

    async def update(self, channel: str, ts: str, replies: Sequence[Reply]) -> None:
        blocks: list[Block] = chunks([block for reply in replies for block in render(reply)])[0]
        text = fallback_text(replies[0]) if replies else "…"
        await self.client.chat_update(channel=channel, ts=ts, text=text, blocks=blocks)

    async def mark_answered(
        self, channel: str, ts: str, blocks: list[Block], label: str, text: str, pressed_block: str = ""
    ) -> None:
        await self.replace(channel, ts, answered(blocks, label, pressed_block), text)

    async def replace(self, channel: str, ts: str, blocks: list[Block], text: str) -> None:
        await self.client.chat_update(channel=channel, ts=ts, text=text or "…", blocks=blocks)


class SlackCourier:
    """Delivers the outbox's items. What an attempt posted is stored at once (``Delivery.record``):
    a retry edits the parts it knows and posts only the rest, under the thread root it knows."""

    platform = Platform.SLACK

    def __init__(self, poster: Poster) -> None:
        self.poster = poster

    async def deliver(self, delivery: Delivery) -> DeliveryReceipt:
        destination = delivery.destination
        if not delivery.replies and delivery.kind is not OutboundKind.TURN_REPLY:
            raise DeliveryError("nothing to deliver", retry=False)
        try:
            if delivery.kind is OutboundKind.TURN_REPLY:
                return await answer_turn(self.poster, delivery)
            if delivery.edit is not None:
                await self.poster.update(destination.channel, delivery.edit.message_id, delivery.replies)
                return delivery.edit
            if delivery.open_thread is not None:
                # On Slack the card itself is the thread's root: the rest goes under it.
                first, *rest = delivery.replies
                (root,), progress = await self._post(delivery, None, [first], delivery.done, 0)
                if rest:
                    await self._post(delivery, root, rest, progress, 1)
                return DeliveryReceipt(message_id=root, thread=root)
            posted, _ = await self._post(delivery, destination.thread, delivery.replies, delivery.done, 0)
        except SlackApiError as error:
            raise delivery_error(error) from error
        except (aiohttp.ClientError, TimeoutError) as error:
            raise DeliveryError(f"Slack unreachable: {error!r}") from error
        return DeliveryReceipt(message_id=posted[0] if posted else "", thread=destination.thread)

    async def _post(
        self, delivery: Delivery, thread: str | None, replies: Sequence[Reply], progress: DeliveryProgress, first: int
    ) -> tuple[list[str], DeliveryProgress]:
        """Post ``replies`` as the delivery's parts numbered from ``first``; a part an earlier attempt
        posted (its ts is in ``progress``) is updated in place instead. The root of a new thread is
        its first part: ``progress.message_ids[0]``."""
        channel = delivery.destination.channel
        posted: list[str] = []
        for number, part in enumerate(self.poster.plan(replies), start=first):
            if number < len(progress.message_ids):
                ts = progress.message_ids[number]
                await self.poster.replace(channel, ts, part.blocks, part.text)
            else:
                ts = await self._post_once(delivery, thread, part, number)
                progress = await delivery.progressed(progress.with_message(ts))
            posted.append(ts)
        return posted, progress


    async def _post_once(self, delivery: Delivery, thread: str | None, part: Part, number: int) -> str:
        """Post the part, unless an earlier attempt did and only its answer was lost."""
        channel, key = delivery.destination.channel, delivery.key
        if key is not None and delivery.attempts > 0:
            found = await posted_before(self.poster.client, channel, thread, key, number)
            if found is not None:
                return found
        return await self.poster.post_part(channel, thread, part, key=key, number=number)


def _maybe_carried_out(error: Exception) -> bool:
    """Whether Slack may have done what a failed call asked (a 429 or a refusal: surely not)."""
    if isinstance(error, SlackApiError):
        return int(error.response.status_code) >= 500
    return True


def delivery_error(error: SlackApiError) -> DeliveryError:
    response: Any = error.response
    code = str(response.get("error") or "")
    if response.status_code == 429 or code == "ratelimited":
        retry_after = response.headers.get("Retry-After") or response.headers.get("retry-after")
        if isinstance(retry_after, list):
            retry_after = retry_after[0]
        seconds = float(retry_after) if retry_after else None
        return DeliveryError(f"Slack rate limit ({code or 429})", retry=True, retry_after=seconds)
    return DeliveryError(f"Slack refused: {code or response.status_code}", retry=code not in PERMANENT_ERRORS)
