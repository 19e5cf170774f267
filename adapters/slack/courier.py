"""Posting replies to Slack: everything the outbox delivers, the answers of turns included.

:class:`Poster` turns replies into ``chat.*`` calls. :class:`SlackCourier` implements
:class:`bot.delivery.Courier` on top of it: a card that opens a thread returns its own ``ts`` as
the thread; an edit is ``chat.update``; any failure becomes a :class:`DeliveryError`.
"""

from __future__ import annotations

from collections.abc import Sequence
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
from bot.delivery import Delivery, DeliveryError, DeliveryReceipt, OutboundKind
from bot.messages import Platform, Reply, TextReply

# Errors that trying again will not fix: give the message up at once.
PERMANENT_ERRORS = {
    "channel_not_found", "not_in_channel", "is_archived", "invalid_auth", "account_inactive",
    "token_revoked", "no_permission", "missing_scope", "msg_too_long", "invalid_blocks",
    "invalid_blocks_format", "message_not_found", "cant_update_message", "edit_window_closed",
    "user_not_found", "restricted_action", "invalid_arguments",
}


class Poster:
    def __init__(self, client: AsyncWebClient) -> None:
        self.client = client

    async def post(
        self, channel: str, thread: str | None, replies: Sequence[Reply], *, user: str | None = None
    ) -> list[str]:
        """Post the replies (ephemeral ones only to ``user``); returns the posted messages' ts.

        Texts without buttons join the next reply's message, so a turn is one or two messages
        rather than many (Slack allows about one message per second per channel). Each message
        carries at most one reply's buttons, so marking them answered touches nothing else.
        """
        posted: list[str] = []
        lead: list[Block] = []
        lead_text: list[str] = []
        for reply in replies:
            if isinstance(reply, TextReply) and reply.ephemeral and user:
                await self.client.chat_postEphemeral(
                    channel=channel, user=user, thread_ts=thread, text=fallback_text(reply), blocks=render(reply)
                )
                continue
            lead += render(reply)
            lead_text.append(fallback_text(reply))
            if isinstance(reply, TextReply) and not reply.choices:
                continue
            posted += await self._post_blocks(channel, thread, lead, "\n".join(lead_text))
            lead, lead_text = [], []
        if lead_text:
            posted += await self._post_blocks(channel, thread, lead, "\n".join(lead_text))
        return posted

    async def _post_blocks(self, channel: str, thread: str | None, blocks: list[Block], text: str) -> list[str]:
        posted = []
        for chunk in chunks(blocks):
            response = await self.client.chat_postMessage(
                channel=channel, thread_ts=thread, text=cut(text, FALLBACK_CHARS), blocks=chunk or None,
                unfurl_links=False, unfurl_media=False,
            )
            posted.append(str(response["ts"]))
        return posted

    async def notice(self, channel: str, thread: str | None, user: str, text: str) -> None:
        await self.post(channel, thread, [TextReply(text, ephemeral=True)], user=user)

    async def update(self, channel: str, ts: str, replies: Sequence[Reply]) -> None:
        blocks: list[Block] = chunks([block for reply in replies for block in render(reply)])[0]
        text = fallback_text(replies[0]) if replies else "…"
        await self.client.chat_update(channel=channel, ts=ts, text=text, blocks=blocks)

    async def mark_answered(self, channel: str, ts: str, blocks: list[Block], label: str, text: str) -> None:
        await self.replace(channel, ts, answered(blocks, label), text)

    async def replace(self, channel: str, ts: str, blocks: list[Block], text: str) -> None:
        await self.client.chat_update(channel=channel, ts=ts, text=text or "…", blocks=blocks)


class SlackCourier:
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
                (root, *_) = await self.poster.post(destination.channel, None, [first])
                if rest:
                    await self.poster.post(destination.channel, root, rest)
                return DeliveryReceipt(message_id=root, thread=root)
            posted = await self.poster.post(destination.channel, destination.thread, delivery.replies)
        except SlackApiError as error:
            raise delivery_error(error) from error
        except (aiohttp.ClientError, TimeoutError) as error:
            raise DeliveryError(f"Slack unreachable: {error!r}") from error
        return DeliveryReceipt(message_id=posted[0] if posted else "", thread=destination.thread)


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
