"""Lifecycle tests build the bot without the knowledge base: no test here needs article
suggestions, and loading the KB for every bot would double the suite's time."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from typing import Any

import pytest

from bot.bootstrap import SupportBot, build
from bot.settings import Settings
from tests.support.clock import FakeClock


@pytest.fixture
def make_bot(database_url: str, clock: FakeClock) -> Iterator[Callable[..., SupportBot]]:
    """A real bot on the parametrised database (SQLite, PostgreSQL); keywords override settings."""
    built: list[SupportBot] = []

    def factory(**overrides: Any) -> SupportBot:
        values: dict[str, Any] = {"database_url": database_url}
        values.update(overrides)
        app = build(Settings(_env_file=None, **values), clock=clock, with_kb=False)
        built.append(app)
        return app

    yield factory
    for app in built:
        app.close()
