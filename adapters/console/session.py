"""A console session: read lines, hand them to the desk, print replies; meanwhile deliver the
outbox messages addressed to this terminal (notices for a requester, cards for agents)."""

from __future__ import annotations

import asyncio
import logging
import sys
import uuid
from dataclasses import dataclass
from typing import TextIO

from adapters.console.courier import ConsoleCourier
from adapters.console.render import Screen
from bot.bootstrap import SupportBot
from bot.i18n import Language
from bot.lifecycle.sla_watch import SlaWatch
from bot.messages import ConversationKey, InboundMessage, Platform, Sender
from bot.outbox.worker import OutboxWorker
from bot.rendering import picks_an_option

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class ConsoleRole:
    sender: Sender
    where: ConversationKey
    banner: str
    lang: Language


async def run_console(bot: SupportBot, role: ConsoleRole, stdin: TextIO = sys.stdin, stdout: TextIO = sys.stdout,
                      watch: SlaWatch | None = None) -> int:
    interactive = stdin.isatty()
    screen = Screen()
    worker = OutboxWorker(
        bot.sessions, {Platform.CONSOLE: ConsoleCourier(stdout, screen, bot.catalog.text(role.lang, "console.updated"))},
        bot.clock,
        f"console-{role.where.channel}-{uuid.uuid4().hex[:8]}",
        channels={Platform.CONSOLE: frozenset({role.where.channel})},
    )
    stop = asyncio.Event()
    background = [asyncio.create_task(worker.run_forever(stop, idle_interval=0.5))]
    if watch is not None:
        background.append(asyncio.create_task(watch.run_forever(stop)))
    print(role.banner, file=stdout, flush=True)
    await _deliver_all(worker)  # what arrived while this terminal was closed comes first
    waiting = await bot.facade.resume(role.sender, role.where)
    if waiting:  # the questions asked before a restart, with their options again
        print(screen.render(waiting), file=stdout, flush=True)
    try:
        while True:
            if interactive:
                print("> ", end="", file=stdout, flush=True)
            line = await asyncio.to_thread(stdin.readline)
            if not line:
                break
            text = line.rstrip("\n")
            button = screen.button_for(text) if text.strip() else None
            if button is None and picks_an_option(text):
                number = text.strip().lstrip("#").strip()
                print(bot.catalog.text(role.lang, "console.no_option", number=number), file=stdout, flush=True)
                continue
            message = InboundMessage(role.sender, role.where, "" if button else text, button,
                                     event_id=f"console-{uuid.uuid4()}")
            if not interactive:
                print(f"> {text}", file=stdout)
            print(screen.render(await bot.facade.handle(message)), file=stdout, flush=True)
            await _deliver_all(worker)
    finally:
        stop.set()
        await asyncio.gather(*background)
        await _deliver_all(worker)  # what the last message caused, before leaving
    if interactive:
        print(file=stdout)
    return 0


async def _deliver_all(worker: OutboxWorker, rounds: int = 20) -> None:
    """Deliver until nothing is due (each round takes one message per conversation, in order)."""
    for _ in range(rounds):
        if not await worker.run_once():
            return


def requester_role(bot: SupportBot, user_id: str, lang: str, name: str = "") -> ConsoleRole:
    from bot.i18n import normalize_language

    language = normalize_language(lang)
    sender = Sender(Platform.CONSOLE, user_id, name or user_id, language.value)
    return ConsoleRole(sender, ConversationKey(Platform.CONSOLE, user_id), bot.catalog.text(language, "console.banner"),
                       language)


def agent_role(bot: SupportBot, user_id: str, name: str = "", queue: str | None = None) -> ConsoleRole:
    """The agents' console of a queue (the default one unless ``queue`` names another)."""
    from bot.i18n import normalize_language
    from bot.triage.queues import console_channel

    language = normalize_language(bot.settings.agents_language)
    sender = Sender(Platform.CONSOLE, user_id, name or user_id, language.value)
    banner = bot.catalog.text(language, "console.agent_banner") + "\n" + bot.catalog.text(language, "agent.console_help")
    found = bot.triage.queues.find(queue) if queue else bot.triage.queues.default
    if found is None:
        raise ValueError(f"no queue {queue!r}: the queues are {', '.join(q.id for q in bot.triage.queues.queues)}")
    if len(bot.triage.queues) > 1:
        banner += "\n" + bot.catalog.text(language, "console.queue", queue=found.name.get(language))
    return ConsoleRole(sender, ConversationKey(Platform.CONSOLE, console_channel(found.id)), banner, language)
