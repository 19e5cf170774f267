"""Telegram customers writing to a bot through the fake Bot API (tests.fakes.telegram): the load
under which a running bot's memory is read. Each customer does a whole intake (a starter query as
the summary, ordinary typed answers, the recap's first button pressed); an echo bot gets the same
messages and answers each with one message, which is all the customer waits for."""

from __future__ import annotations

import asyncio
import itertools
import time
from typing import Any

from benchmarks.core.intakes import summaries
from bot.suggestions.replay import ORDINARY_ANSWERS
from tests.fakes.telegram import FakeTelegram

_ids = itertools.count(10_000)


class Customer:
    def __init__(self, fake: FakeTelegram, number: int) -> None:
        self.fake = fake
        self.id = 800_000_000 + number
        query = summaries()[number % len(summaries())]
        self.lang = query.lang if query.lang in ORDINARY_ANSWERS else "en"
        self.script = [query.query, *(v[number % len(v)] for v in ORDINARY_ANSWERS[self.lang])]
        self.user = {"id": self.id, "is_bot": False, "first_name": f"Customer {number}", "language_code": self.lang}
        self.chat = {"id": self.id, "first_name": f"Customer {number}", "type": "private"}

    def bot_messages(self) -> list[dict[str, Any]]:
        return [m for (chat, _), m in sorted(self.fake.messages.items()) if chat == self.id and m["from"]["is_bot"]]

    async def _answered(self, before: int, quiet: float = 0.15, timeout: float = 60.0) -> None:
        """Until the bot wrote to this chat and then stayed quiet for ``quiet`` seconds."""
        deadline, count, changed = time.monotonic() + timeout, before, time.monotonic()
        while time.monotonic() < deadline:
            now = len(self.bot_messages())
            if now != count:
                count, changed = now, time.monotonic()
            elif count > before and time.monotonic() - changed >= quiet:
                return
            await asyncio.sleep(0.02)
        raise RuntimeError(f"customer {self.id}: no answer within {timeout} s")

    async def say(self, text: str) -> None:
        before = len(self.bot_messages())
        await self.fake.push({"message": {"message_id": next(_ids), "from": self.user, "chat": self.chat,
                                          "date": int(time.time()), "text": text}})
        await self._answered(before)

    async def press_first_button(self) -> None:
        message = next((m for m in reversed(self.bot_messages()) if m.get("reply_markup")), None)
        if message is None:
            return
        data = message["reply_markup"]["inline_keyboard"][0][0]["callback_data"]
        before = len(self.bot_messages())
        await self.fake.push({"callback_query": {"id": str(next(_ids)), "from": self.user, "message": message,
                                                 "chat_instance": "1", "data": data}})
        await self._answered(before)

    async def intake(self, *, echo: bool) -> None:
        for text in self.script:
            await self.say(text)
        if not echo:
            await self.press_first_button()  # the recap's "submit"
