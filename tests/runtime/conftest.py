"""A started runtime over a real bot on SQLite and PostgreSQL (``database_url`` is parametrised)."""

from __future__ import annotations

from collections.abc import AsyncIterator, Callable
from dataclasses import dataclass

import pytest

from bot.bootstrap import SupportBot
from bot.runtime import Runtime
from tests.runtime.support import SlackLikeCourier


@dataclass
class Pipeline:
    bot: SupportBot
    runtime: Runtime
    courier: SlackLikeCourier


@pytest.fixture
async def pipeline(make_bot: Callable[..., SupportBot]) -> AsyncIterator[Pipeline]:
    bot = make_bot(slack_bot_token="xoxb-test", slack_app_token="xapp-test", slack_agents_channel="C0AGENTS01")
    courier = SlackLikeCourier()
    runtime = Runtime(bot, "runtime-test")
    runtime.add_courier(courier)
    await runtime.start()
    yield Pipeline(bot, runtime, courier)
    await runtime.stop()
