"""Button presses, modal submissions and ``/support``: acknowledged first, then handed to the desk.

A pressed button is replaced by a "✔ <label>" line once the desk accepted the press (not when
every answer is an ephemeral refusal), so nobody presses it twice. Ticket cards are left
alone: the core edits them itself through the outbox.
"""

from __future__ import annotations

import logging
from collections.abc import Sequence
from typing import Any

from slack_bolt.context.ack.async_ack import AsyncAck
from slack_bolt.context.respond.async_respond import AsyncRespond
from slack_sdk.web.async_client import AsyncWebClient

from adapters.slack.blocks import ASK, ASK_OPTIONAL, FORM, PRESS, context, header, is_ticket_card
from adapters.slack.dialogue import Dialogue
from adapters.slack.forms import (
    changed_fields,
    metadata,
    recap_fields,
    recap_form,
    submitted,
    text_form,
)
from adapters.slack.people import People
from adapters.slack.translate import (
    Payload,
    action_event_id,
    action_where,
    is_dm,
    key_from_metadata,
    key_to_metadata,
)
from bot.conversation.commands import parse_command
from bot.messages import AnswerEdit, ConversationKey, InboundMessage, Platform, Reply, Sender, TextReply
from bot.settings import Settings

log = logging.getLogger(__name__)


class Interactions:
    def __init__(self, dialogue: Dialogue, people: People, settings: Settings) -> None:
        self.dialogue = dialogue
        self.people = people
        self.default_language = settings.default_language

    def _locale(self, sender: Sender) -> str:
        return sender.locale or self.default_language

    async def on_action(self, ack: AsyncAck, body: Payload, action: Payload, respond: AsyncRespond,
                        client: AsyncWebClient) -> None:
        await ack()
        user = str(body["user"]["id"])
        where = action_where(body)
        sender = await self.people.sender(user)
        action_id = str(action.get("action_id", ""))
        if action_id.startswith(FORM + "."):
            work = self._open_recap_form(body, action, sender, where, client, respond)
        elif action_id.startswith((ASK + ".", ASK_OPTIONAL + ".")):
            work = self._open_text_form(body, action, sender, where, client, optional=action_id.startswith(ASK_OPTIONAL))
        elif action_id.startswith(PRESS + "."):
            work = self._press(body, action, sender, where, respond)
        else:
            log.info("ignoring Slack action %r", action_id)
            return
        await self.dialogue.safely(where, user, self._locale(sender), work)

    async def _press(self, body: Payload, action: Payload, sender: Sender, where: ConversationKey,
                     respond: AsyncRespond) -> None:
        message = InboundMessage(sender, where, "", _value(action), event_id=action_event_id(body, action))

        async def mark(replies: Sequence[Reply]) -> None:
            if _accepted(replies):  # not a duplicate dropped, nor a refusal: the buttons are done with
                await self._mark_answered(body, _label(action), respond)

        await self.dialogue.turn(message, before_posting=mark)

    async def _mark_answered(self, body: Payload, label: str, respond: AsyncRespond) -> None:
        container = body.get("container") or {}
        message = body.get("message")
        if container.get("is_ephemeral") or message is None:
            await respond(replace_original=True, text=f"✔ {label}", blocks=[context(f"✔ {label}", "sb.done")])
            return
        blocks = list(message.get("blocks") or [])
        if is_ticket_card(blocks):
            return
        await self.dialogue.poster.mark_answered(
            str(container.get("channel_id") or body["channel"]["id"]), str(message["ts"]), blocks, label,
            str(message.get("text") or ""),
        )

    async def _open_recap_form(self, body: Payload, action: Payload, sender: Sender, where: ConversationKey,
                               client: AsyncWebClient, respond: AsyncRespond) -> None:
        message = body.get("message") or {}
        blocks = list(message.get("blocks") or [])
        fields = recap_fields(blocks)
        if not fields:  # nothing to edit in a form: let the desk offer its own edit menu
            await self._press(body, action, sender, where, respond)
            return
        title = next((b["text"]["text"] for b in blocks if b.get("type") == "header"), "")
        locale = self._locale(sender)
        where_data = {**key_to_metadata(where), "m": str(message.get("ts", "")), "l": _label(action), "h": title[:150]}
        text = self.dialogue.text
        view = recap_form(fields, title=text(locale, "slack.edit_title"), submit=text(locale, "slack.save"),
                          close=text(locale, "slack.cancel"), where=where_data)
        await client.views_open(trigger_id=body["trigger_id"], view=view)

    async def _open_text_form(self, body: Payload, action: Payload, sender: Sender, where: ConversationKey,
                              client: AsyncWebClient, *, optional: bool) -> None:
        prompt = str(action["action_id"]).partition(":")[2] or _label(action)
        locale = self._locale(sender)
        where_data = {**key_to_metadata(where), "b": str(action.get("value", ""))}
        view = text_form(prompt, title=_label(action), submit=self.dialogue.text(locale, "slack.send"),
                         close=self.dialogue.text(locale, "slack.cancel"), where=where_data, optional=optional)
        await client.views_open(trigger_id=body["trigger_id"], view=view)

    async def on_text_form(self, ack: AsyncAck, body: Payload, view: Payload) -> None:
        await ack()
        data = metadata(view)
        where = key_from_metadata(data)
        sender = await self.people.sender(str(body["user"]["id"]))
        text = submitted(view).get("text", "")
        message = InboundMessage(sender, where, text, str(data["b"]), event_id=f"view:{view['id']}")
        await self.dialogue.safely(where, sender.user_id, self._locale(sender), self.dialogue.turn(message))

    async def on_recap_form(self, ack: AsyncAck, body: Payload, view: Payload) -> None:
        await ack()
        data = metadata(view)
        where = key_from_metadata(data)
        sender = await self.people.sender(str(body["user"]["id"]))
        await self.dialogue.safely(where, sender.user_id, self._locale(sender), self._apply_edits(view, data, where, sender))

    async def _apply_edits(self, view: Payload, data: dict[str, Any], where: ConversationKey, sender: Sender) -> None:
        """The form's changes go to the desk as one message; the recap it came from is collapsed
        only if the desk took them (someone else's recap, or a request that moved on, stays as it was)."""
        changes = changed_fields(view)
        if not changes:
            return
        edits = tuple(AnswerEdit(edit_id, value) for edit_id, value in changes)
        message = InboundMessage(sender, where, edits=edits, event_id=f"view:{view['id']}")

        async def collapse(replies: Sequence[Reply]) -> None:
            if data.get("m") and _accepted(replies):
                label = str(data.get("l", ""))
                blocks = [header(str(data.get("h") or "…"), "sb.title"), context(f"✔ {label}", "sb.done")]
                await self.dialogue.poster.replace(where.channel, str(data["m"]), blocks, f"✔ {label}")

        await self.dialogue.turn(message, before_posting=collapse)

    async def on_command(self, ack: AsyncAck, command: Payload, client: AsyncWebClient) -> None:
        user = str(command["user_id"])
        if is_dm(str(command.get("channel_id", ""))):
            await ack()
        else:
            await ack(text=self.dialogue.text(None, "slack.answered_in_dm"))
        sender = await self.people.sender(user)
        fallback = ConversationKey(Platform.SLACK, str(command.get("channel_id", "")))

        async def work() -> None:
            opened = await client.conversations_open(users=user)
            where = ConversationKey(Platform.SLACK, str(opened["channel"]["id"]))
            text = command_text(str(command.get("text") or ""))
            event_id = f"command:{command.get('trigger_id') or command.get('command_ts', '')}"
            await self.dialogue.turn(InboundMessage(sender, where, text, event_id=event_id))

        await self.dialogue.safely(fallback, user, self._locale(sender), work())


def command_text(typed: str) -> str:
    """What ``/support <typed>`` means to the desk.

    Slack keeps messages that start with "/" for its own commands, so ``/support statut X``
    stands for the desk's ``/statut X``; anything else is the problem in the user's words.
    """
    typed = typed.strip()
    if not typed:
        return "/start"
    return f"/{typed}" if parse_command(f"/{typed}") is not None else typed


def _value(action: Payload) -> str:
    """A button's value, or the option picked in a select menu."""
    return str(action.get("value") or (action.get("selected_option") or {}).get("value") or "")


def _label(action: Payload) -> str:
    option = action.get("selected_option") or {}
    return str((action.get("text") or option.get("text") or {}).get("text") or "")


def _accepted(replies: Sequence[Reply]) -> bool:
    """The desk acted on a press or a form: it answered, and not only with private refusals."""
    return bool(replies) and not all(isinstance(r, TextReply) and r.ephemeral for r in replies)

