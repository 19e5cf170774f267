"""The real python-telegram-bot, the real core and SQLite, against the fake Bot API on 127.0.0.1."""

from __future__ import annotations

import itertools
import json
import socket
from collections.abc import AsyncIterator, Callable
from pathlib import Path
from typing import Any

import pytest

from adapters.telegram import TelegramLimits, TelegramService
from bot.bootstrap import SupportBot
from bot.runtime import Runtime
from tests.fakes.telegram import TOKEN, FakeTelegram

FIXTURES = Path(__file__).parents[1] / "fixtures" / "telegram"
AGENTS_CHAT = -1001987654321
WEBHOOK_SECRET = "s3cret-webhook-token"
TEST_LIMITS = TelegramLimits(messages_per_second=0, group_messages_per_minute=0, poll_timeout=1)
_message_ids = itertools.count(10_000)


def recorded(name: str) -> dict[str, Any]:
    """A recorded update from tests/fixtures/telegram, without its update_id (the fake numbers them)."""
    update = json.loads((FIXTURES / f"{name}.json").read_text(encoding="utf-8"))
    update.pop("update_id", None)
    return update


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


@pytest.fixture
def database_url(sqlite_url: str) -> str:
    return sqlite_url  # the Telegram suite exercises the adapter; the core's own suite covers PostgreSQL


@pytest.fixture
async def fake() -> AsyncIterator[FakeTelegram]:
    server = await FakeTelegram().start()
    server.add_group(AGENTS_CHAT, forum=True)
    yield server
    await server.stop()


class Harness:
    def __init__(self, fake: FakeTelegram, make_bot: Callable[..., SupportBot], mode: str) -> None:
        self.fake, self.make_bot, self.mode = fake, make_bot, mode
        self.port = free_port()
        self.bot: SupportBot | None = None
        self.service: TelegramService | None = None
        self.runtime: Runtime | None = None

    async def start(self, limits: TelegramLimits = TEST_LIMITS, **overrides: Any) -> TelegramService:
        settings: dict[str, Any] = {
            "telegram_bot_token": TOKEN,
            "telegram_api_url": self.fake.api_url,
            "telegram_file_api_url": self.fake.file_url,
            "telegram_mode": self.mode,
            "telegram_webhook_url": f"http://127.0.0.1:{self.port}/telegram/updates",
            "telegram_webhook_secret": WEBHOOK_SECRET,
            "telegram_webhook_port": self.port,
            "telegram_agents_chat_id": str(AGENTS_CHAT),
        }
        settings.update(overrides)
        self.bot = self.make_bot(**settings)
        self.runtime = Runtime(self.bot, f"tg-test-{id(self)}")
        self.service = TelegramService(self.bot, self.runtime, limits)
        self.runtime.add_courier(self.service.courier)
        await self.runtime.start()
        await self.service.start()
        return self.service

    async def drained(self) -> None:
        """Every update received has been answered, and every message due delivered."""
        assert self.runtime is not None
        await self.runtime.drained()

    async def stop(self) -> None:
        if self.service is not None:
            await self.service.stop()
            self.service = None
        if self.runtime is not None:
            await self.runtime.stop()
            self.runtime = None


@pytest.fixture(params=["polling"])
async def tg(request: pytest.FixtureRequest, fake: FakeTelegram, make_bot: Callable[..., SupportBot]) -> AsyncIterator[Harness]:
    """A started Telegram service; parametrise with ``indirect=True`` for ``"webhook"``."""
    harness = Harness(fake, make_bot, request.param)
    await harness.start()
    yield harness
    await harness.stop()


class Customer:
    """A person in a private chat with the bot: ``say`` and ``press`` return what the bot sent back."""

    def __init__(self, fake: FakeTelegram, user_id: int = 700100200, first_name: str = "Camille",
                 last_name: str = "Dupont", language_code: str = "fr") -> None:
        self.fake = fake
        self.id = user_id
        self.user = {"id": user_id, "is_bot": False, "first_name": first_name, "last_name": last_name,
                     "language_code": language_code}
        self.chat = {"id": user_id, "first_name": first_name, "last_name": last_name, "type": "private"}

    def message(self, text: str | None = None, *, template: str = "private_text", **fields: Any) -> dict[str, Any]:
        update = recorded(template)
        message = update["message"]
        message.update({"message_id": next(_message_ids), "from": self.user, "chat": self.chat})
        if text is not None:
            message["text"] = text
            message.pop("entities", None)
            if text.startswith("/"):
                message["entities"] = [{"offset": 0, "length": len(text.split()[0]), "type": "bot_command"}]
        message.update(fields)
        return update

    async def send(self, update: dict[str, Any]) -> list[dict[str, Any]]:
        since = self.fake.mark()
        await self.fake.push(update)
        await self.fake.settle(since)
        return answers(self.fake, self.id, since)

    async def say(self, text: str) -> list[dict[str, Any]]:
        return await self.send(self.message(text))

    async def press(self, label: str) -> list[dict[str, Any]]:
        message, data = self.button(label)
        return await self.press_data(data, message)

    async def press_data(self, data: str, message: dict[str, Any] | None = None) -> list[dict[str, Any]]:
        update = recorded("private_callback")
        query = update["callback_query"]
        query.update({"id": str(next(_message_ids)), "from": self.user, "data": data,
                      "message": message or self.last_message()})
        return await self.send(update)

    def bot_messages(self) -> list[dict[str, Any]]:
        return [m for (chat, _), m in sorted(self.fake.messages.items()) if chat == self.id and m["from"]["is_bot"]]

    def last_message(self) -> dict[str, Any]:
        return self.bot_messages()[-1]

    def button(self, label: str) -> tuple[dict[str, Any], str]:
        """The newest message with a button whose label contains ``label``, and that button's data."""
        for message in reversed(self.bot_messages()):
            for row in message.get("reply_markup", {}).get("inline_keyboard", []):
                for button in row:
                    if label.lower() in button["text"].lower():
                        return message, button["callback_data"]
        raise AssertionError(f"no button {label!r} in the chat")


def answers(fake: FakeTelegram, chat_id: int, since: int) -> list[dict[str, Any]]:
    """What the bot answered in ``chat_id`` since ``since``: the messages it sent, and a pressed
    message it edited into its answer ("✔ <chosen label>", then the answer and its keyboard)."""
    found: list[dict[str, Any]] = []
    for call in fake.calls[since:]:
        if call.failed or call.params.get("chat_id") != chat_id:
            continue
        if call.method == "sendMessage" and "result" in call.params:
            found.append(fake.messages[(chat_id, call.params["result"])])
        elif call.method == "editMessageText":
            message = fake.messages[(chat_id, call.params["message_id"])]
            if message.get("text", "").startswith("✔ ") and message not in found:
                found.append(message)
    return found


def texts(messages: list[dict[str, Any]]) -> str:
    return "\n---\n".join(m.get("text", "") for m in messages)


def labels(message: dict[str, Any]) -> list[str]:
    return [b["text"] for row in message.get("reply_markup", {}).get("inline_keyboard", []) for b in row]


@pytest.fixture
def customer(fake: FakeTelegram) -> Customer:
    return Customer(fake)


def styled(message: dict[str, Any], kind: str) -> list[str]:
    """The pieces of a message's text under entities of ``kind`` (offsets count UTF-16 units)."""
    encoded = message["text"].encode("utf-16-le")
    return [
        encoded[2 * e["offset"] : 2 * (e["offset"] + e["length"])].decode("utf-16-le")
        for e in message.get("entities", [])
        if e["type"] == kind
    ]
