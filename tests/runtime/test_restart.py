"""The real ``supportbot run`` killed with SIGKILL while customers write: nothing is lost.

Twenty customers write at once to the fake Bot API; the process is killed as soon as the first
answer goes out (some updates answered, some stored and waiting, some not even fetched), then
started again. Every message is answered, its turn run once; a reply is sent twice only if the
kill fell between Telegram accepting it and our record of that.
"""

from __future__ import annotations

import asyncio
from pathlib import Path

from sqlalchemy import select

from bot.delivery import OutboundKind
from bot.storage.database import make_engine, make_session_factory
from bot.storage.models import InboundEventRow, InboxStatus, OutboxRow, OutboxStatus
from tests.fakes.telegram import TOKEN, FakeTelegram
from tests.support.bot_process import BotProcess
from tests.telegram.conftest import AGENTS_CHAT, Customer

PEOPLE = 20
FIRST = "Bonjour, l'export PDF des factures plante depuis ce matin"


async def test_a_process_killed_while_customers_write_loses_nothing(database_url: str, tmp_path: Path) -> None:
    fake = await FakeTelegram().start()
    fake.add_group(AGENTS_CHAT, forum=True)
    settings = {
        "SUPPORTBOT_DATABASE_URL": database_url, "SUPPORTBOT_OPS_PORT": "0", "SUPPORTBOT_LOG_LEVEL": "WARNING",
        "SUPPORTBOT_TELEGRAM_BOT_TOKEN": TOKEN, "SUPPORTBOT_TELEGRAM_API_URL": fake.api_url,
        "SUPPORTBOT_TELEGRAM_FILE_API_URL": fake.file_url, "SUPPORTBOT_TELEGRAM_AGENTS_CHAT_ID": str(AGENTS_CHAT),
    }
    people = [Customer(fake, user_id=700_200_000 + n, first_name=f"Client{n}") for n in range(PEOPLE)]
    try:
        with BotProcess(settings, tmp_path) as bot:
            bot.start()
            await fake.wait_for(lambda: fake.called("getUpdates"), timeout=60)
            for person in people:
                await fake.push(person.message(FIRST))
            await fake.wait_for(lambda: fake.sent(), timeout=30)
            bot.kill()
            await asyncio.sleep(0.3)  # requests the dead process had already sent reach the fake
            answered_before_the_kill = {person.id for person in people if fake.sent(person.id)}
            bot.start()
            await fake.wait_for(lambda: all(fake.sent(person.id) for person in people), timeout=60)
            engine = make_engine(database_url)
            sessions = make_session_factory(engine)

            def settled() -> tuple[list[InboundEventRow], list[OutboxRow]] | None:
                with sessions() as session:
                    events = list(session.scalars(select(InboundEventRow)))
                    answers = list(session.scalars(select(OutboxRow).where(OutboxRow.kind == OutboundKind.TURN_REPLY)))
                done = all(a.status is OutboxStatus.DELIVERED for a in answers) and len(answers) == PEOPLE
                return (events, answers) if done else None

            events, answers = await fake.wait_for(settled, timeout=30)
            engine.dispose()
            bot.stop()
    finally:
        await fake.stop()
    assert [e.status for e in events] == [InboxStatus.PROCESSED] * PEOPLE, "every update stored, its turn run once"
    assert len(answers) == PEOPLE
    doubled = {p.id for p in people if len(fake.sent(p.id)) > min(len(fake.sent(q.id)) for q in people)}
    assert doubled <= answered_before_the_kill, (
        "a reply is sent again only if it was sent before the kill (the platform took it, our record of that was lost)")


async def test_sigterm_stops_the_bot_by_itself_while_it_polls(sqlite_url: str, tmp_path: Path) -> None:
    """SIGTERM while a long poll is held open: the bot stops receiving, finishes, and exits 0
    without waiting for the poll (the supervisor's SIGKILL is never needed)."""
    import os
    import signal
    import subprocess
    import time

    from tests.support.bot_process import supportbot_command

    fake = await FakeTelegram().start()
    env = {k: v for k, v in os.environ.items() if k in {"PATH", "HOME", "LANG", "TMPDIR"}} | {
        "SUPPORTBOT_DATABASE_URL": sqlite_url, "SUPPORTBOT_OPS_PORT": "0", "SUPPORTBOT_LOG_LEVEL": "WARNING",
        "SUPPORTBOT_TELEGRAM_BOT_TOKEN": TOKEN, "SUPPORTBOT_TELEGRAM_API_URL": fake.api_url,
        "SUPPORTBOT_TELEGRAM_FILE_API_URL": fake.file_url,
    }
    process = subprocess.Popen([*supportbot_command(), "run"], cwd=tmp_path, env=env, stdin=subprocess.DEVNULL,
                               stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, start_new_session=True)
    try:
        customer = Customer(fake)
        await fake.wait_for(lambda: fake.called("getUpdates"), timeout=60)
        await customer.say(FIRST)
        await fake.wait_for(lambda: len(fake.called("getUpdates")) >= 2, timeout=10)  # idle, a poll held open
        asked = time.monotonic()
        process.send_signal(signal.SIGTERM)
        while process.poll() is None and time.monotonic() - asked < 10:
            await asyncio.sleep(0.02)
        assert process.returncode == 0, "stopped by itself, cleanly"
        print(f"\nSIGTERM to exit: {time.monotonic() - asked:.2f}s")
    finally:
        if process.poll() is None:
            os.killpg(process.pid, signal.SIGKILL)
            process.wait()
        await fake.stop()
