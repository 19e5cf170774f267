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

from adapters.slack.blocks import ASK, FORM, PRESS, context, header, is_ticket_card
from adapters.slack.dialogue import Dialogue
from adapters.slack.forms import (
    changed_fields,
    metadata,
    recap_fields,
    recap_form,
    submitted,
    text_form,
)
from adapters.slack.notices import notice
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
from bot.web_access.chat_request import is_sign_in_request
from bot.messages import (
    ConversationKey,
    InboundMessage,
    Platform,
    RecapCard,
    Reply,
    Sender,
    TextReply,
)
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
        elif action_id.startswith(ASK + "."):
            work = self._open_text_form(body, action, sender, where, client)
        elif action_id.startswith(PRESS + "."):
            work = self._press(body, action, sender, where, respond)
        else:
            log.info("ignoring Slack action %r", action_id)
            return
        await self.dialogue.safely(where, user, self._locale(sender), work)

    async def _press(self, body: Payload, action: Payload, sender: Sender, where: ConversationKey,
                     respond: AsyncRespond) -> None:
        message = InboundMessage(sender, where, "", str(action.get("value", "")), event_id=action_event_id(body, action))

        async def mark(replies: Sequence[Reply]) -> None:
            if not replies or all(isinstance(r, TextReply) and r.ephemeral for r in replies):
                return  # dropped as a duplicate, or refused: the buttons stay for whoever may press them
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
        view = recap_form(fields, title=notice(locale, "edit_title"), submit=notice(locale, "save"),
                          close=notice(locale, "cancel"), where=where_data)
        await client.views_open(trigger_id=body["trigger_id"], view=view)

    async def _open_text_form(self, body: Payload, action: Payload, sender: Sender, where: ConversationKey,
                              client: AsyncWebClient) -> None:
        prompt = str(action["action_id"]).partition(":")[2] or _label(action)
        locale = self._locale(sender)
        where_data = {**key_to_metadata(where), "b": str(action.get("value", ""))}
        view = text_form(prompt, title=_label(action), submit=notice(locale, "send"), close=notice(locale, "cancel"),
                         where=where_data)
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
        changes = changed_fields(view)
        if not changes:
            return
        async with self.dialogue.lock(where):
            replies: list[Reply] = []
            for k, (edit_id, value) in enumerate(changes):
                event = f"view:{view['id']}:{k}"
                replies = await self.dialogue.ask(InboundMessage(sender, where, "", edit_id, event_id=f"{event}:pick"))
                if not _is_question(replies):
                    break  # the request moved on (filed, cancelled): say so rather than type into it
                replies = await self.dialogue.ask(InboundMessage(sender, where, value, event_id=f"{event}:text"))
                if not any(isinstance(r, RecapCard) for r in replies):
                    break  # the desk wants something else first (an answer it could not read)
            if data.get("m"):
                blocks = [header(str(data.get("h") or "…"), "sb.title"), context(f"✔ {data.get('l', '')}", "sb.done")]
                await self.dialogue.poster.replace(where.channel, str(data["m"]), blocks, f"✔ {data.get('l', '')}")
            await self.dialogue.post(InboundMessage(sender, where), replies)

    async def on_command(self, ack: AsyncAck, command: Payload, client: AsyncWebClient) -> None:
        user = str(command["user_id"])
        if is_dm(str(command.get("channel_id", ""))):
            await ack()
        else:
            await ack(text=notice(self.default_language, "answered_in_dm"))
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
    return f"/{typed}" if parse_command(f"/{typed}") is not None or is_sign_in_request(f"/{typed}") else typed


def _label(action: Payload) -> str:
    return str((action.get("text") or {}).get("text") or "")


def _is_question(replies: Sequence[Reply]) -> bool:
    """Picking a field to edit answers with that field's question, and nothing else."""
    return len(replies) == 1 and isinstance(replies[0], TextReply) and bool(replies[0].choices)

