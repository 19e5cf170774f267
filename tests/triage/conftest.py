"""Triage tests build the bot without the knowledge base unless a test asks for it (articles)."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest

from bot.bootstrap import SupportBot, build
from bot.settings import Settings
from kb.semantic import Meaning
from tests.support.clock import FakeClock
from tests.triage.support import INTAKE, TRIAGE


@pytest.fixture
def triage_files(tmp_path: Path) -> dict[str, Any]:
    """A deployment's triage file (types, two products, an organisation, a billing queue) and an
    intake that asks the triage questions."""
    triage = tmp_path / "triage.toml"
    triage.write_text(TRIAGE, "utf-8")
    intake = tmp_path / "intake.toml"
    intake.write_text(INTAKE, "utf-8")
    return {"triage_file": triage, "intake_questions_file": intake}


@pytest.fixture
def make_bot(database_url: str, clock: FakeClock, meaning: Meaning) -> Iterator[Callable[..., SupportBot]]:
    """A real bot on the parametrised database; ``with_kb=True`` loads a knowledge base."""
    built: list[SupportBot] = []

    def factory(*, with_kb: bool = False, **overrides: Any) -> SupportBot:
        values: dict[str, Any] = {"database_url": database_url, "messages_per_minute": 0, "tickets_per_day": 0}
        values.update(overrides)
        app = build(Settings(_env_file=None, **values), clock=clock, with_kb=with_kb, meaning=meaning)
        built.append(app)
        return app

    yield factory
    for app in built:
        app.close()
