"""The web desk of a real bot: Telegram (the real library against the fake Bot API), the outbox
worker, the desk and the operator's endpoints served on 127.0.0.1, on SQLite."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator, Callable
from typing import Any

import aiohttp
import pytest

from adapters.telegram import TelegramService
from adapters.web.serving import DESK, OPS, Served, http_servers
from bot.bootstrap import SupportBot
from bot.runtime import Runtime
from tests.fakes.telegram import TOKEN, FakeTelegram
from tests.support.clock import FakeClock
from tests.telegram.conftest import TEST_LIMITS, Customer, free_port
from tests.web.seed import ACCOUNTING_CHAT, AGENT_ID, AGENTS_CHAT, SEED_SETTINGS

LEAD_ID = AGENT_ID
PLAIN_AGENT_ID = "900300401"


@pytest.fixture
def database_url(sqlite_url: str) -> str:
    return sqlite_url  # the web suite drives pages; the core's queries run on PostgreSQL in test_queue_and_reports


class Desk:
    """A running bot with its web desk: ``base`` is the desk's URL, ``ops`` the operator's."""

    def __init__(self, bot: SupportBot, fake: FakeTelegram, service: TelegramService, served: Served,
                 runtime: Runtime) -> None:
        self.bot, self.fake, self.service, self.served, self.runtime = bot, fake, service, served, runtime
        desk, ops = served.find(DESK), served.find(OPS)
        assert desk is not None and ops is not None
        self.base = f"http://127.0.0.1:{desk.port}"
        self.ops = f"http://127.0.0.1:{ops.port}"

    async def deliver(self) -> None:
        await self.runtime.drained()

    def person(self, user_id: str, first_name: str, last_name: str = "Support", lang: str = "fr") -> Customer:
        return Customer(self.fake, int(user_id), first_name, last_name, lang)

    async def sign_in_link(self, user_id: str = AGENT_ID, first_name: str = "Agnès", lang: str = "fr") -> str:
        """Ask the bot for a link in a private chat, as an agent does, and read it off the fake."""
        person = self.person(user_id, first_name, lang=lang)
        since = self.fake.mark()
        await person.say("/web")
        await self.deliver()
        texts = [m["text"] for m in self.fake.sent(int(user_id), since=since)]
        links = [word for text in texts for word in text.split() if "/signin/" in word]
        assert links, texts
        return links[-1]


@pytest.fixture
async def make_desk(make_bot: Callable[..., SupportBot], clock: FakeClock) -> AsyncIterator[Callable[..., Any]]:
    started: list[tuple[FakeTelegram, TelegramService, Served, Runtime]] = []

    async def factory(*, seed: Callable[[SupportBot, FakeClock], object] | None = None, **overrides: Any) -> Desk:
        fake = await FakeTelegram().start()
        fake.add_group(AGENTS_CHAT, forum=True)
        fake.add_group(ACCOUNTING_CHAT, forum=True)
        web_port, ops_port = free_port(), free_port()
        settings: dict[str, Any] = {
            "telegram_bot_token": TOKEN, "telegram_api_url": fake.api_url, "telegram_file_api_url": fake.file_url,
            "telegram_agents_chat_id": str(AGENTS_CHAT), "agents": f"telegram:{AGENT_ID},telegram:{PLAIN_AGENT_ID}",
            "web_leads": f"telegram:{LEAD_ID}", "web_host": "127.0.0.1", "web_port": web_port,
            "web_base_url": f"http://127.0.0.1:{web_port}", "ops_host": "127.0.0.1", "ops_port": ops_port,
            **SEED_SETTINGS,
        }
        settings.update(overrides)
        bot = make_bot(**settings)
        if seed is not None:
            seed(bot, clock)
        runtime = Runtime(bot, f"web-test-{len(started)}")
        service = TelegramService(bot, runtime, TEST_LIMITS)
        runtime.add_courier(service.courier)
        await runtime.start()
        await service.start()
        served = http_servers(bot, desk=True)
        for server in served.servers:
            await server.start()
        started.append((fake, service, served, runtime))
        return Desk(bot, fake, service, served, runtime)

    yield factory
    for fake, service, served, runtime in started:
        for server in served.servers:
            await server.stop()
        await service.stop()
        await runtime.stop()
        await fake.stop()


async def fetch(url: str, *, method: str = "GET", cookies: dict[str, str] | None = None,
                data: dict[str, str] | None = None, headers: dict[str, str] | None = None) -> tuple[int, str, Any]:
    """One HTTP request without following redirects: status, body, headers."""
    async with aiohttp.ClientSession(cookies=cookies) as session, \
            session.request(method, url, data=data, headers=headers, allow_redirects=False) as response:
        return response.status, await response.text(), response.headers


async def settle() -> None:
    await asyncio.sleep(0)
