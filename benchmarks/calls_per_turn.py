"""Platform calls per turn: one scripted intake (with article suggestions) against the fake Bot
API and the fake Slack, through the real services, runtime and outbox. Prints, per platform, the
turns, the calls the bot made (everything but polling), the messages posted and the calls per
turn. A count, not a timing: run it before and after a change to the renderers.

    .venv/bin/python -m benchmarks.calls_per_turn
"""

from __future__ import annotations

import asyncio
import tempfile
from collections import Counter
from pathlib import Path
from typing import Any

from adapters.slack import SlackService
from adapters.telegram import TelegramLimits, TelegramService
from bot.bootstrap import build
from bot.runtime import Runtime
from bot.settings import Settings
from bot.storage.database import make_engine
from bot.storage.migrate import upgrade
from tests.fakes.slack import FakeSlack
from tests.fakes.telegram import TOKEN, FakeTelegram
from tests.slack.workspace import AGENTS, ALICE, SUPPORT, Workspace
from tests.telegram.conftest import AGENTS_CHAT, Customer

# What a requester types or presses, turn by turn ("@label": press the newest button so labelled).
SCRIPT = [
    "L'export PDF des factures plante depuis ce matin",
    "Erreur 500 : impossible de générer le document",
    "@Depuis aujourd'hui",
    "@Tout le monde",
    "un PDF de la facture",
    "@Passer",
    "@Rien pour l'instant",
    "@Je ne peux pas faire ma tâche",
    "@Envoyer la demande",
]
_NOT_A_REPLY = {"getUpdates", "getMe", "deleteWebhook", "setMyCommands", "getChat", "getFile", "sendChatAction",
                "auth.test", "apps.connections.open", "users.info", "conversations.info", "usergroups.users.list"}


def _settings(directory: Path, **values: Any) -> Settings:
    url = f"sqlite:///{directory / 'bench.db'}"
    engine = make_engine(url)
    upgrade(engine)
    engine.dispose()
    return Settings(_env_file=None, database_url=url, **values)


async def telegram(directory: Path) -> tuple[int, Counter[str]]:
    fake = await FakeTelegram().start()
    fake.add_group(AGENTS_CHAT, forum=True)
    bot = build(_settings(directory, telegram_bot_token=TOKEN, telegram_api_url=fake.api_url,
                          telegram_file_api_url=fake.file_url, telegram_mode="polling",
                          telegram_agents_chat_id=str(AGENTS_CHAT)))
    runtime = Runtime(bot, "bench-telegram")
    service = TelegramService(bot, runtime, TelegramLimits(messages_per_second=0, group_messages_per_minute=0,
                                                           poll_timeout=1, webhook_listen="127.0.0.1"))
    runtime.add_courier(service.courier)
    await runtime.start()
    await service.start()
    customer = Customer(fake)
    start = fake.mark()
    per_turn = []
    for step in SCRIPT:
        before = fake.mark()
        await (customer.press(step[1:]) if step.startswith("@") else customer.say(step))
        await runtime.drained()
        per_turn.append("+".join(c.method for c in fake.calls[before:] if c.method not in _NOT_A_REPLY))
    print("telegram calls, turn by turn:", per_turn)
    calls = Counter(c.method for c in fake.calls[start:] if c.method not in _NOT_A_REPLY)
    await service.stop()
    await runtime.stop()
    bot.close()
    await fake.stop()
    return len(SCRIPT), calls


async def slack(directory: Path) -> tuple[int, Counter[str]]:
    fake = FakeSlack(users={ALICE: {"real_name": "Alice Martin", "display_name": "alice", "locale": "fr-FR"}})
    await fake.start()
    bot = build(_settings(directory, slack_bot_token="xoxb-test", slack_app_token="xapp-test", slack_mode="socket",
                          slack_support_channel=SUPPORT, slack_agents_channel=AGENTS, slack_api_url=fake.api_url))
    runtime = Runtime(bot, "bench-slack")
    service = SlackService(bot, runtime, http_host="127.0.0.1")
    runtime.add_courier(service.courier)
    await runtime.start()
    await service.start()
    workspace = Workspace(fake, service, "socket", runtime)
    start = len(fake.calls)
    thread: str | None = None
    per_turn = []
    for step in SCRIPT:
        before = len(fake.calls)
        if step.startswith("@"):
            newest = [c for c in workspace.posts(channel=SUPPORT) if _has_button(c, step[1:])][-1]
            await workspace.press(newest, step[1:])
        else:
            body = await workspace.say(step, thread=thread)
            thread = thread or body["event"]["ts"]
        await runtime.drained()
        per_turn.append("+".join(c.method for c in fake.calls[before:] if c.method not in _NOT_A_REPLY))
    print("slack calls, turn by turn:   ", per_turn)
    calls = Counter(c.method for c in fake.calls[start:] if c.method not in _NOT_A_REPLY)
    await service.stop()
    await runtime.stop()
    bot.close()
    await fake.stop()
    return len(SCRIPT), calls


def _has_button(call: Any, label: str) -> bool:
    blocks = call.params.get("blocks") or []
    return any(label.lower() in e.get("text", {}).get("text", "").lower()
               for b in blocks if b.get("type") == "actions" for e in b.get("elements", []))


def _print(platform: str, turns: int, calls: Counter[str], posting: set[str]) -> None:
    posted = sum(n for method, n in calls.items() if method in posting)
    total = sum(calls.values())
    print(f"{platform:9} turns {turns:2}  calls {total:3} ({total / turns:.2f}/turn)  "
          f"messages posted {posted:3} ({posted / turns:.2f}/turn)  {dict(sorted(calls.items()))}")


async def main() -> None:
    with tempfile.TemporaryDirectory() as first, tempfile.TemporaryDirectory() as second:
        turns, calls = await telegram(Path(first))
        _print("telegram", turns, calls, {"sendMessage", "sendPhoto", "sendDocument"})
        turns, calls = await slack(Path(second))
        _print("slack", turns, calls, {"chat.postMessage", "chat.postEphemeral"})


if __name__ == "__main__":
    asyncio.run(main())
