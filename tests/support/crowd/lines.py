"""Where one person talks to the bot: a Telegram private chat, or a Slack thread in the support
channel. A line writes and presses like the platform's client would, and reads back what the
platform delivered there (whether or not the bot heard that it was)."""

from __future__ import annotations

import itertools
import time
from typing import Any, Protocol

from tests.fakes.records import Delivery, Inbound, slack_place, telegram_place
from tests.fakes.slack import BOT_USER_ID, TEAM_ID, FakeSlack
from tests.fakes.telegram import FakeTelegram
from tests.support.crowd.platforms import SUPPORT_CHANNEL

_numbers = itertools.count(1)


class Line(Protocol):
    platform: str
    person: str

    def replies(self) -> list[Delivery]: ...

    async def write(self, text: str) -> Inbound: ...

    async def press(self, message: Delivery, data: str) -> Inbound: ...


class TelegramLine:
    platform = "telegram"

    def __init__(self, fake: FakeTelegram, number: int, lang: str) -> None:
        self.fake = fake
        self.id = 810_000_000 + number
        self.person = str(self.id)
        self.user = {"id": self.id, "is_bot": False, "first_name": f"Client {number}", "language_code": lang}
        self.chat = {"id": self.id, "first_name": f"Client {number}", "type": "private"}
        self.place = telegram_place(self.id)

    def replies(self) -> list[Delivery]:
        return self.fake.by_place.get(self.place, [])

    async def write(self, text: str) -> Inbound:
        update = await self.fake.push({"message": {
            "message_id": 100_000 + next(_numbers), "from": self.user, "chat": self.chat, "date": int(time.time()),
            "text": text,
        }})
        return self.fake.inbound[update["update_id"]]

    async def press(self, message: Delivery, data: str) -> Inbound:
        stored = self.fake.messages[(self.id, int(message.message_id))]
        update = await self.fake.push({"callback_query": {
            "id": str(900_000 + next(_numbers)), "from": self.user, "message": stored, "chat_instance": str(self.id),
            "data": data,
        }})
        return self.fake.inbound[update["update_id"]]


class SlackLine:
    """A thread in the support channel, opened by the person's first message."""

    platform = "slack"

    def __init__(self, fake: FakeSlack, number: int, lang: str) -> None:
        self.fake = fake
        self.person = f"U0EMP{number:05d}"
        fake.users[self.person] = {"real_name": f"Employee {number}", "display_name": f"emp{number}",
                                   "locale": "fr-FR" if lang == "fr" else "en-US"}
        self.thread: str | None = None

    @property
    def place(self) -> str:
        return slack_place(SUPPORT_CHANNEL, self.thread or "-")

    def replies(self) -> list[Delivery]:
        return self.fake.by_place.get(self.place, [])

    async def write(self, text: str) -> Inbound:
        n = next(_numbers)
        ts = f"{1_800_000_000 + n}.{n:06d}"
        event: dict[str, Any] = {"type": "message", "user": self.person, "text": text, "channel": SUPPORT_CHANNEL,
                                 "ts": ts, "event_ts": ts, "channel_type": "channel", "team": TEAM_ID,
                                 "client_msg_id": f"msg-{n}"}
        if self.thread is None:
            self.thread = ts
        else:
            event["thread_ts"] = self.thread
        body = {"token": "x", "team_id": TEAM_ID, "api_app_id": "A0000001", "event": event, "type": "event_callback",
                "event_id": f"Ev{n:010d}", "event_time": int(float(ts)),
                "authorizations": [{"team_id": TEAM_ID, "user_id": BOT_USER_ID, "is_bot": True}]}
        return self.fake.deliver("events_api", body, self.place, text)

    async def press(self, message: Delivery, data: str) -> Inbound:
        n = next(_numbers)
        label = next((label for label, value in message.buttons if value == data), data)
        channel = SUPPORT_CHANNEL
        posted = {"type": "message", "user": BOT_USER_ID, "ts": message.message_id, "text": message.text,
                  "thread_ts": self.thread, "blocks": []}
        payload = {
            "type": "block_actions", "api_app_id": "A0000001", "token": "x", "team": {"id": TEAM_ID, "domain": "fake"},
            "user": {"id": self.person, "username": self.person.lower(), "name": self.person.lower(), "team_id": TEAM_ID},
            "container": {"type": "message", "message_ts": message.message_id, "channel_id": channel,
                          "is_ephemeral": False, "thread_ts": self.thread},
            "trigger_id": f"trigger-{n}", "channel": {"id": channel, "name": "support"}, "message": posted,
            "state": {"values": {}}, "response_url": self.fake.response_url(),
            "actions": [{"action_id": f"sb.press.{n}", "block_id": "sb.actions", "type": "button", "value": data,
                         "text": {"type": "plain_text", "text": label}, "action_ts": f"{1_800_000_000 + n}.000001"}],
        }
        return self.fake.deliver("interactive", payload, self.place, data)
