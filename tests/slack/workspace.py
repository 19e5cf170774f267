"""Drive the Slack adapter like Slack does: recorded payloads, sent over Socket Mode or HTTP.

``Workspace`` sends events, button presses, modal submissions and slash commands built from
the JSON fixtures in ``tests/fixtures/slack``, signed when over HTTP, and reads back what
the bot posted from the fake's recorded calls.
"""

from __future__ import annotations

import copy
import itertools
import json
import time
import urllib.parse
from pathlib import Path
from typing import Any

import aiohttp
from slack_sdk.signature import SignatureVerifier

from adapters.slack import SlackService
from bot.messages import Platform
from bot.runtime import Runtime
from tests.fakes.slack import Call, FakeSlack

FIXTURES = Path(__file__).parents[1] / "fixtures" / "slack"
SUPPORT = "C0SUPPORT1"
AGENTS = "C0AGENTS01"
GENERAL = "C0GENERAL1"
ALICE = "U0ALICE01"
BOB = "U0BOB0001"
SIGNING_SECRET = "8f742231b10e8888abcd99yyyzzz85a5"

_numbers = itertools.count(1)


def fixture(name: str) -> dict[str, Any]:
    return dict(json.loads((FIXTURES / f"{name}.json").read_text(encoding="utf-8")))


def new_ts() -> str:
    n = next(_numbers)
    return f"{1715100000 + n}.{n:06d}"


class Workspace:
    def __init__(self, fake: FakeSlack, service: SlackService, mode: str, runtime: Runtime) -> None:
        self.fake = fake
        self.service = service
        self.mode = mode
        self.runtime = runtime
        self.statuses: list[int] = []

    # -- transport -------------------------------------------------------------------------
    @property
    def events_url(self) -> str:
        return f"http://127.0.0.1:{self.service.http_port}/slack/events"

    async def send(self, kind: str, payload: dict[str, Any], *, retry_num: int = 0,
                   secret: str = SIGNING_SECRET) -> int:
        """Deliver ``payload`` as Slack would; returns the HTTP status (200 for an acked envelope)."""
        if self.mode == "socket":
            envelope = await self.fake.send_envelope(kind, payload, retry_attempt=retry_num,
                                                     retry_reason="timeout" if retry_num else "")
            await self.fake.wait_for_ack(envelope)
            return 200
        if kind == "events_api":
            raw, content_type = json.dumps(payload), "application/json"
        elif kind == "interactive":
            raw, content_type = urllib.parse.urlencode({"payload": json.dumps(payload)}), "application/x-www-form-urlencoded"
        else:
            raw, content_type = urllib.parse.urlencode(payload), "application/x-www-form-urlencoded"
        timestamp = str(int(time.time()))
        headers = {
            "Content-Type": content_type,
            "X-Slack-Request-Timestamp": timestamp,
            "X-Slack-Signature": str(SignatureVerifier(secret).generate_signature(timestamp=timestamp, body=raw)),
        }
        if retry_num:
            headers |= {"X-Slack-Retry-Num": str(retry_num), "X-Slack-Retry-Reason": "http_timeout"}
        async with aiohttp.ClientSession() as session, session.post(
                self.events_url, data=raw.encode(), headers=headers) as response:
            await response.read()
            self.statuses.append(response.status)
            return response.status

    # -- what people do --------------------------------------------------------------------
    def message_body(self, text: str, *, user: str = ALICE, channel: str = SUPPORT, thread: str | None = None,
                     name: str = "message", **extra: Any) -> dict[str, Any]:
        body = fixture(name)
        event = body["event"]
        ts = new_ts()
        event.update({"user": user, "text": text, "channel": channel, "ts": ts, "event_ts": ts})
        event.pop("blocks", None)
        if thread:
            event["thread_ts"] = thread
        else:
            event.pop("thread_ts", None)
        if channel.startswith("D"):
            event["channel_type"] = "im"
        event.update(extra)
        body["event_id"] = f"Ev{ts.replace('.', '')}"
        body["event_time"] = int(float(ts))
        return body

    async def say(self, text: str, **kwargs: Any) -> dict[str, Any]:
        body = self.message_body(text, **kwargs)
        await self.send("events_api", body)
        return body

    def press_payload(self, message: Call, label: str, *, user: str = ALICE) -> dict[str, Any]:
        """A ``block_actions`` payload for the button labelled ``label`` in a posted message."""
        blocks = message.params["blocks"]
        buttons = [(block, element) for block in blocks if block["type"] == "actions" for element in block["elements"]
                   if element["type"] == "button"]
        found = [(b, e) for b, e in buttons if e["text"]["text"] == label] or [
            (b, e) for b, e in buttons if label.lower() in e["text"]["text"].lower()
        ]
        assert len(found) == 1, f"no single button {label!r} in {[e['text']['text'] for _, e in buttons]}"
        block, element = found[0]
        payload = self.press_payload_for(message, block, element, user)
        payload["actions"] = [{
            "action_id": element["action_id"], "block_id": block["block_id"], "text": element["text"],
            "value": element["value"], "type": "button", "action_ts": new_ts(),
        }]
        return payload

    async def press(self, message: Call, label: str, *, user: str = ALICE) -> dict[str, Any]:
        payload = self.press_payload(message, label, user=user)
        await self.send("interactive", payload)
        return payload

    async def select(self, message: Call, option: str, *, user: str = ALICE) -> dict[str, Any]:
        """Pick the option labelled ``option`` (or containing it) in a posted message's select menu."""
        selects = [(block, element) for block in message.params["blocks"] if block["type"] == "actions"
                   for element in block["elements"] if element["type"] == "static_select"]
        assert len(selects) == 1, f"no single select menu in {message.params['blocks']}"
        block, element = selects[0]
        found = [o for o in element["options"] if option.lower() in o["text"]["text"].lower()]
        assert len(found) == 1, f"no single option {option!r} in {[o['text']['text'] for o in element['options']]}"
        payload = self.press_payload_for(message, block, element, user)
        payload["actions"] = [{"action_id": element["action_id"], "block_id": block["block_id"], "type": "static_select",
                               "selected_option": found[0], "action_ts": new_ts()}]
        await self.send("interactive", payload)
        return payload

    def press_payload_for(self, message: Call, block: dict[str, Any], element: dict[str, Any], user: str) -> dict[str, Any]:
        """The envelope of a ``block_actions`` payload on ``message`` (its ``actions`` set by the caller)."""
        payload = fixture("block_actions")
        channel = message.params["channel"]
        ts = message.answer_ts
        posted = {**payload["message"], "ts": ts, "text": message.params.get("text", ""),
                  "blocks": copy.deepcopy(message.params["blocks"])}
        posted.pop("thread_ts", None)
        container = {"type": "message", "message_ts": ts, "channel_id": channel,
                     "is_ephemeral": message.method == "chat.postEphemeral"}
        if message.params.get("thread_ts"):
            posted["thread_ts"] = container["thread_ts"] = message.params["thread_ts"]
        payload.update({
            "user": {**payload["user"], "id": user}, "container": container, "channel": {"id": channel, "name": "x"},
            "message": posted, "trigger_id": f"trigger-{new_ts()}", "response_url": self.fake.response_url(),
        })
        return payload

    async def submit(self, opened: Call, values: dict[str, str], *, user: str = ALICE) -> dict[str, Any]:
        """Submit the modal opened by ``views.open`` with ``values`` by input label (others unchanged)."""
        view = opened.params["view"]
        state: dict[str, Any] = {}
        for block in view["blocks"]:
            label = block["label"]["text"]
            value = values.get(label, block["element"].get("initial_value"))
            state[block["block_id"]] = {"value": {"type": "plain_text_input", "value": value}}
        payload = fixture("view_submission")
        payload["user"]["id"] = user
        payload["view"].update({
            "id": f"V{new_ts().replace('.', '')}", "callback_id": view["callback_id"], "blocks": view["blocks"],
            "private_metadata": view["private_metadata"], "state": {"values": state},
        })
        await self.send("interactive", payload)
        return payload

    async def command(self, text: str, *, user: str = ALICE, channel: str = GENERAL) -> dict[str, Any]:
        form = fixture("slash_command")
        form.update({"text": text, "user_id": user, "channel_id": channel, "trigger_id": f"trigger-{new_ts()}"})
        await self.send("slash_commands", form)
        return form

    # -- what the bot did ------------------------------------------------------------------
    def posts(self, *, channel: str | None = None, thread: str | None = None) -> list[Call]:
        return [
            c for c in self.fake.calls_to("chat.postMessage")
            if (channel is None or c.params["channel"] == channel) and (thread is None or c.params.get("thread_ts") == thread)
        ]

    async def drained(self) -> None:
        """Every event received has been answered, and every message due delivered."""
        await self.runtime.drained()

    async def next_posts(self, since: int, count: int = 1) -> list[Call]:
        """The answers posted since call ``since`` (waiting for ``count`` of them); new tickets' cards
        in the agents' channel, which the outbox worker delivers beside the answer, are not answers."""

        agents = self.service.bot.agents_channels(Platform.SLACK)

        def answers() -> list[Call]:
            found = [c for c in self.fake.calls[since:] if c.method == "chat.postMessage" and c.status == 200
                     and not (c.params["channel"] in agents and "thread_ts" not in c.params)]
            return found if len(found) >= count else []

        return list(await self.fake.wait_until(answers, what=f"{count} answer(s)"))

    async def barrier(self, thread: str | None = None, *, channel: str = SUPPORT) -> Call:
        """Send "aide" (in ``thread``) and wait for its own answer. Turns of one conversation are
        answered in order, and every event is handled before a later one's answer goes out: what
        should have happened before it has happened, and what did not, will not."""
        mark = self.mark()
        await self.say("aide", channel=channel, thread=thread)

        def answered() -> list[Call]:
            return [c for c in self.fake.calls[mark:] if c.method == "chat.postMessage" and "À tout moment" in text_of(c)]

        (answer,) = await self.fake.wait_until(answered, what="the answer to the barrier")
        return answer

    def mark(self) -> int:
        return len(self.fake.calls)


def text_of(call: Call) -> str:
    """Every text a posted message shows: blocks and fallback."""
    parts = [str(call.params.get("text", ""))]
    for block in call.params.get("blocks") or []:
        parts.append(json.dumps(block, ensure_ascii=False))
    return "\n".join(parts)


def buttons_of(call: Call) -> list[str]:
    return [e["text"]["text"] for b in call.params.get("blocks") or [] if b["type"] == "actions" for e in b["elements"]
            if e["type"] == "button"]


def options_of(call: Call) -> list[str]:
    """The options of a message's select menu."""
    return [o["text"]["text"] for b in call.params.get("blocks") or [] if b["type"] == "actions" for e in b["elements"]
            if e["type"] == "static_select" for o in e["options"]]
