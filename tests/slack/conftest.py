"""A fake Slack on 127.0.0.1, and the real Slack service of a real bot (SQLite) pointed at it."""

from __future__ import annotations

from collections.abc import AsyncIterator, Awaitable, Callable
from typing import Any

import pytest

from adapters.slack import SlackService
from bot.bootstrap import SupportBot, build
from bot.runtime import Runtime
from bot.settings import Settings
from tests.fakes.slack import FakeSlack
from tests.slack.workspace import AGENTS, ALICE, BOB, SIGNING_SECRET, SUPPORT, Workspace
from tests.support.clock import FakeClock

MakeWorkspace = Callable[..., Awaitable[Workspace]]


@pytest.fixture
def slack_mode() -> str:
    return "socket"


@pytest.fixture
async def fake_slack() -> AsyncIterator[FakeSlack]:
    fake = FakeSlack(users={
        ALICE: {"real_name": "Alice Martin", "display_name": "alice", "locale": "fr-FR"},
        BOB: {"real_name": "Bob Smith", "display_name": "bob", "locale": "en-US"},
    })
    await fake.start()
    yield fake
    await fake.stop()


@pytest.fixture
async def make_workspace(
    fake_slack: FakeSlack, make_settings: Callable[..., Settings], clock: FakeClock, slack_mode: str
) -> AsyncIterator[MakeWorkspace]:
    started: list[tuple[SlackService, Runtime, SupportBot]] = []

    async def factory(*, with_kb: bool = False, **overrides: Any) -> Workspace:
        values: dict[str, Any] = {
            "slack_bot_token": "xoxb-test", "slack_app_token": "xapp-test", "slack_signing_secret": SIGNING_SECRET,
            "slack_mode": slack_mode, "slack_http_port": 0, "slack_support_channel": SUPPORT,
            "slack_agents_channel": AGENTS, "slack_api_url": fake_slack.api_url,
        }
        values.update(overrides)
        bot = build(make_settings(**values), clock=clock, with_kb=with_kb)
        runtime = Runtime(bot, f"slack-test-{len(started)}")
        service = SlackService(bot, runtime, http_host="127.0.0.1")
        runtime.add_courier(service.courier)
        await runtime.start()
        await service.start()
        started.append((service, runtime, bot))
        return Workspace(fake_slack, service, slack_mode, runtime)

    yield factory
    for service, runtime, bot in started:
        await service.stop()
        await runtime.stop()
        bot.close()


@pytest.fixture
async def slack(make_workspace: MakeWorkspace) -> Workspace:
    return await make_workspace()
