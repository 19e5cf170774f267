"""The answer of a turn (an outbox ``TURN_REPLY``) on Slack, and what it needs of the event.

Before the replies: notices about refused files (ephemeral, to the person); once the desk
accepted a press or a form (it answered, not only with private refusals), the pressed buttons
are replaced by a "✔ <label>" line, or the edited recap collapsed, so that nobody presses them
twice. Ticket cards are left alone: the core edits them through the outbox. Failing to retire
buttons (the message was deleted, say) does not hold up the replies.
"""

from __future__ import annotations

import json
import logging
from dataclasses import asdict, dataclass
from typing import TYPE_CHECKING, Any

from slack_sdk.errors import SlackApiError
from slack_sdk.webhook.async_client import AsyncWebhookClient

from adapters.slack.blocks import context, header, is_ticket_card
from bot.delivery import Delivery, DeliveryReceipt
from bot.messages import Reply, TextReply

if TYPE_CHECKING:
    from adapters.slack.courier import Poster

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class Pressed:
    """The message whose button was pressed, as the interaction showed it."""

    channel: str
    ts: str
    blocks: list[dict[str, Any]]
    text: str
    label: str
    ephemeral: bool = False
    response_url: str = ""


@dataclass(frozen=True)
class EditedRecap:
    channel: str
    ts: str
    label: str
    title: str


@dataclass(frozen=True)
class SlackHandle:
    """The adapter's note on an event, kept with the turn's replies (the message's ``reply_handle``)."""

    user: str
    early: tuple[str, ...] = ()
    pressed: Pressed | None = None
    recap: EditedRecap | None = None

    def encode(self) -> str:
        return json.dumps(asdict(self), separators=(",", ":"), ensure_ascii=False)

    @classmethod
    def decode(cls, text: str) -> SlackHandle:
        data = json.loads(text)
        pressed, recap = data.get("pressed"), data.get("recap")
        return cls(str(data["user"]), tuple(data.get("early") or ()), Pressed(**pressed) if pressed else None,
                   EditedRecap(**recap) if recap else None)


async def answer_turn(poster: Poster, delivery: Delivery) -> DeliveryReceipt:
    destination = delivery.destination
    handle = SlackHandle.decode(delivery.reply_handle) if delivery.reply_handle else None
    user = handle.user if handle else None
    if handle is not None:
        for text in handle.early:
            await poster.notice(destination.channel, destination.thread, handle.user, text)
        if accepted(delivery.replies):
            await _retire(poster, handle)
    posted = await poster.post(destination.channel, destination.thread, delivery.replies, user=user)
    return DeliveryReceipt(posted[0] if posted else "", thread=destination.thread)


def accepted(replies: tuple[Reply, ...] | list[Reply]) -> bool:
    """The desk acted on a press or a form: it answered, and not only with private refusals."""
    return bool(replies) and not all(isinstance(r, TextReply) and r.ephemeral for r in replies)


async def _retire(poster: Poster, handle: SlackHandle) -> None:
    try:
        if handle.pressed is not None:
            await _mark(poster, handle.pressed)
        if handle.recap is not None:
            recap = handle.recap
            blocks = [header(recap.title or "…", "sb.title"), context(f"✔ {recap.label}", "sb.done")]
            await poster.replace(recap.channel, recap.ts, blocks, f"✔ {recap.label}")
    except SlackApiError as error:
        log.info("could not retire answered buttons: %s", error.response.get("error"))


async def _mark(poster: Poster, pressed: Pressed) -> None:
    label = pressed.label
    if pressed.ephemeral or not pressed.ts:
        if pressed.response_url:
            await AsyncWebhookClient(pressed.response_url).send(
                replace_original=True, text=f"✔ {label}", blocks=[context(f"✔ {label}", "sb.done")])
        return
    if is_ticket_card(pressed.blocks):
        return
    await poster.mark_answered(pressed.channel, pressed.ts, pressed.blocks, label, pressed.text)
