"""The desk's tests run on a desk seeded through the real core (``tests/web/seed.py``), on SQLite
and PostgreSQL."""

from __future__ import annotations

from collections.abc import Callable

import pytest

from adapters.web.desk_port import DeskPort
from bot.bootstrap import SupportBot
from bot.refusals import Refusals
from tests.support.clock import FakeClock
from tests.web.seed import AGENT_ID, AGENTS_CHAT, SEED_SETTINGS, seed_desk


@pytest.fixture
def desk(make_bot: Callable[..., SupportBot], clock: FakeClock) -> DeskPort:
    bot = make_bot(telegram_bot_token="1:x", telegram_agents_chat_id=str(AGENTS_CHAT), agents=f"telegram:{AGENT_ID}",
                   web_leads="telegram:900300499", **SEED_SETTINGS)
    seed_desk(bot, clock)
    return DeskPort(bot, Refusals(bot.catalog, bot.agents_language))
