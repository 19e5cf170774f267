"""Button presses, modal submissions and ``/support``: stored in the inbox, then acknowledged.

A button that opens a form is acknowledged first and opens it (that is no turn: nothing to
store). What retiring a pressed button needs once the desk accepted the press travels with the
message (:class:`adapters.slack.answers.SlackHandle`).
"""

from __future__ import annotations

import logging

from slack_bolt.context.ack.async_ack import AsyncAck
from slack_sdk.web.async_client import AsyncWebClient

from adapters.slack.answers import EditedRecap, Pressed, SlackHandle
from adapters.slack.blocks import ASK, ASK_OPTIONAL, FORM, PRESS
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
from bot.messages import AnswerEdit, ConversationKey, InboundMessage, Platform, Sender
from bot.settings import Settings

log = logging.getLogger(__name__)


class Interactions:
    def __init__(self, dialogue: Dialogue, people: People, settings: Settings) -> None:
        self.dialogue = dialogue
        self.people = people
        self.default_language = settings.default_language

    def _locale(self, sender: Sender) -> str:
        return sender.locale or self.default_language

    async def on_action(self, ack: AsyncAck, body: Payload, action: Payload, client: AsyncWebClient) -> None:
        user = str(body["user"]["id"])
        where = action_where(body)
        sender = await self.people.sender(user)
        action_id = str(action.get("action_id", ""))
        if action_id.startswith(PRESS + "."):
            await self._press(body, action, sender, where)
            await ack()
            return
        await ack()
        if action_id.startswith(FORM + "."):
            work = self._open_recap_form(body, action, sender, where, client)
        elif action_id.startswith((ASK + ".", ASK_OPTIONAL + ".")):
            work = self._open_text_form(body, action, sender, where, client, optional=action_id.startswith(ASK_OPTIONAL))
        else:
            log.info("ignoring Slack action %r", action_id)
            return
        await self.dialogue.safely(where, user, self._locale(sender), work)

    async def _press(self, body: Payload, action: Payload, sender: Sender, where: ConversationKey) -> None:
        message = InboundMessage(sender, where, "", _value(action), event_id=action_event_id(body, action))
        await self.dialogue.turn(message, SlackHandle(sender.user_id, pressed=_pressed(body, _label(action))))

    async def _open_recap_form(self, body: Payload, action: Payload, sender: Sender, where: ConversationKey,
                               client: AsyncWebClient) -> None:
        message = body.get("message") or {}
        blocks = list(message.get("blocks") or [])
        fields = recap_fields(blocks)
        if not fields:  # nothing to edit in a form: let the desk offer its own edit menu
            await self._press(body, action, sender, where)
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
        data = metadata(view)
        where = key_from_metadata(data)
        sender = await self.people.sender(str(body["user"]["id"]))
        text = submitted(view).get("text", "")
        message = InboundMessage(sender, where, text, str(data["b"]), event_id=f"view:{view['id']}")
        await self.dialogue.turn(message, SlackHandle(sender.user_id))
        await ack()

    async def on_recap_form(self, ack: AsyncAck, body: Payload, view: Payload) -> None:
        """The form's changes go to the desk as one message; the recap it came from is collapsed
        only if the desk took them (someone else's recap, or a request that moved on, stays as it was)."""
        data = metadata(view)
        where = key_from_metadata(data)
        sender = await self.people.sender(str(body["user"]["id"]))
        changes = changed_fields(view)
        if changes:
            edits = tuple(AnswerEdit(edit_id, value) for edit_id, value in changes)
            message = InboundMessage(sender, where, edits=edits, event_id=f"view:{view['id']}")
            recap = EditedRecap(where.channel, str(data["m"]), str(data.get("l", "")), str(data.get("h") or "…")) \
                if data.get("m") else None
            await self.dialogue.turn(message, SlackHandle(sender.user_id, recap=recap))
        await ack()

    async def on_command(self, ack: AsyncAck, command: Payload, client: AsyncWebClient) -> None:
        user = str(command["user_id"])
        sender = await self.people.sender(user)
        opened = await client.conversations_open(users=user)
        where = ConversationKey(Platform.SLACK, str(opened["channel"]["id"]))
        text = command_text(str(command.get("text") or ""))
        event_id = f"command:{command.get('trigger_id') or command.get('command_ts', '')}"
        await self.dialogue.turn(InboundMessage(sender, where, text, event_id=event_id), SlackHandle(user))
        if is_dm(str(command.get("channel_id", ""))):
            await ack()
        else:
            await ack(text=self.dialogue.text(None, "slack.answered_in_dm"))


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


def _pressed(body: Payload, label: str) -> Pressed:
    container = body.get("container") or {}
    message = body.get("message") or {}
    return Pressed(
        channel=str(container.get("channel_id") or (body.get("channel") or {}).get("id") or ""),
        ts=str(message.get("ts") or ""), blocks=list(message.get("blocks") or []), text=str(message.get("text") or ""),
        label=label, ephemeral=bool(container.get("is_ephemeral")) or not message,
        response_url=str(body.get("response_url") or ""),
    )
