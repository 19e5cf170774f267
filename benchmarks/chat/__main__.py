"""``make bench-chat``: how fast the real ``supportbot run`` answers a crowd, on Telegram and on Slack,
beside a bare echo bot of the same library measured in the same run against the same fakes.

For 1, 10 and 100 simultaneous people (``--sizes``): turns per second, answer latency p50/p95/p99
(from the person's message to the turn's last message, as the fake platform delivered it), the
platform calls per turn, and, for supportbot, the time from a ticket's filing (its reference
delivered to the customer) to its card in the agents' place. No faults; the fake Telegram applies
its flood limits (30 messages/s, 20 per minute per group), as Telegram does. Each bot is a
subprocess with a fresh SQLite database; the echo bots get as many turns per person as an intake has.
"""

from __future__ import annotations

import argparse
import asyncio
import sys
import tempfile
import time
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from tests.fakes.records import Delivery
from tests.fakes.telegram import TOKEN
from tests.fakes.telegram.flood import FloodControl
from tests.support.bot_process import BotProcess
from tests.support.crowd.crowd import crowd
from tests.support.crowd.customer import REFERENCE, Customer
from tests.support.crowd.lines import Line, SlackLine, TelegramLine
from tests.support.crowd.platforms import AGENTS_CHANNEL, AGENTS_CHAT, Platforms
from tests.support.crowd.report import percentile

ROOT = Path(__file__).parents[2]
QUIET = 0.15  # a person's pause after the bot's turn, the same for every bot
ECHO_TURNS = 9  # an intake is about nine turns
_IDLE = {"getUpdates"}


@dataclass
class Figures:
    platform: str
    bot: str
    people: int
    turns: int = 0
    seconds: float = 0.0
    latencies: list[float] = field(default_factory=list)
    first: list[float] = field(default_factory=list)  # each person's first answer: everyone writes at once
    calls: int = 0
    polls: int = 0
    cards: list[float] = field(default_factory=list)  # filing -> card, seconds
    tickets: int = 0
    unfinished: int = 0
    methods: Counter[str] = field(default_factory=Counter)  # API calls by method, getUpdates aside
    refused: int = 0  # 429s of the fake's flood control
    group: Counter[str] = field(default_factory=Counter)  # API calls to the agents' place, by method
    overtaken: int = 0  # cards that reached the agents before a card filed earlier

    def row(self) -> list[str]:
        card = (f"{percentile(self.cards, 0.5):.1f} / {max(self.cards):.1f} ({len(self.cards)}/{self.tickets})"
                if self.cards else ("-" if not self.tickets else f"none of {self.tickets}"))
        return [self.platform, self.bot, str(self.people), str(self.turns), f"{self.turns / self.seconds:.1f}",
                *(f"{percentile(self.latencies, q):.2f}" for q in (0.5, 0.95, 0.99)), f"{percentile(self.first, 0.5):.2f}",
                f"{self.calls / max(1, self.turns):.2f}", f"{self.polls / max(1, self.turns):.2f}", card,
                str(self.unfinished), str(self.refused)]

    def breakdown(self) -> str:
        per_turn = ", ".join(f"{method} {count / max(1, self.turns):.2f}" for method, count in self.methods.most_common())
        line = f"  {self.platform} {self.bot} {self.people}: per turn {per_turn}"
        if self.group:
            line += (f"\n    to the agents: {', '.join(f'{m} {n}' for m, n in self.group.most_common())}; "
                     f"cards ahead of one filed earlier: {self.overtaken}")
        return line


HEADER = ["platform", "bot", "people", "turns", "turns/s", "p50 s", "p95 s", "p99 s", "first p50 s", "calls/turn", "polls/turn",
          "card p50 / max s (arrived)", "unfinished", "429s"]


async def echo_person(line: Line, figures: Figures, deadline: float) -> None:
    for k in range(ECHO_TURNS):
        before = len(line.replies())
        said = await line.write(f"echo {k} of {line.person}")
        while len(line.replies()) <= before:
            if time.monotonic() > deadline:
                figures.unfinished += 1
                return
            await asyncio.sleep(0.01)
        figures.latencies.append(line.replies()[before].at - said.pushed_at)
        if k == 0:
            figures.first.append(figures.latencies[-1])
        figures.turns += 1
        await asyncio.sleep(QUIET)


async def _connected(platforms: Platforms, process: BotProcess) -> None:
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        if not process.running:
            raise RuntimeError(f"the bot died at start-up:\n{process.log_tail()}")
        if platforms.telegram is not None and platforms.telegram.called("getUpdates"):
            return
        if platforms.slack is not None and platforms.slack.acks is not None and platforms.slack._sockets:
            return
        await asyncio.sleep(0.05)
    raise RuntimeError("the bot never connected")


def _process(platforms: Platforms, bot: str, workdir: Path) -> BotProcess:
    if bot == "supportbot":
        return BotProcess(platforms.bot_settings(f"sqlite:///{workdir / 'supportbot.db'}"), workdir)
    settings = {"PYTHONPATH": str(ROOT)}
    if platforms.telegram is not None:
        settings |= {"ECHO_TELEGRAM_TOKEN": TOKEN, "ECHO_TELEGRAM_API_URL": platforms.telegram.api_url,
                     "ECHO_TELEGRAM_RATE_LIMITER": "1"}
        return BotProcess(settings, workdir, [sys.executable, "-m", "benchmarks.chat.echo_telegram"])
    assert platforms.slack is not None
    settings["ECHO_SLACK_API_URL"] = platforms.slack.api_url
    return BotProcess(settings, workdir, [sys.executable, "-m", "benchmarks.chat.echo_slack"])


def _rate(bot: str, rate: int) -> dict[str, str]:
    """The bot's own pace, the same as the fake's flood control."""
    return {"SUPPORTBOT_TELEGRAM_MESSAGES_PER_SECOND" if bot == "supportbot" else "ECHO_TELEGRAM_MESSAGES_PER_SECOND": str(rate)}


def _calls(platforms: Platforms) -> tuple[int, int]:
    calls = _all_calls(platforms)
    polls = sum(1 for c in calls if c.method in _IDLE)
    return len(calls) - polls, polls


def _all_calls(platforms: Platforms) -> list[Any]:
    return platforms.telegram.calls if platforms.telegram is not None else platforms.slack.calls  # type: ignore[union-attr]


async def measure(platform: str, bot: str, people: int, workdir: Path, card_wait: float, rate: int) -> Figures:
    figures = Figures(platform, bot, people)
    flood = FloodControl(per_second=rate)
    platforms = await Platforms.start(telegram=platform == "telegram", slack=platform == "slack", flood=flood)
    try:
        with _process(platforms, bot, workdir) as process:
            process.env |= _rate(bot, rate)
            process.start()
            await _connected(platforms, process)
            calls, polls = _calls(platforms)
            first, refused = len(_all_calls(platforms)), flood.refused
            start = time.monotonic()
            deadline = start + 600
            if bot == "supportbot":
                crowd_ = crowd(platforms, telegram=people if platform == "telegram" else 0,
                               slack=people if platform == "slack" else 0, seed=people, patience=120)
                for customer in crowd_:
                    customer.quiet = QUIET
                await asyncio.gather(*(c.intake(deadline) for c in crowd_))
            else:
                lines: list[Line] = [TelegramLine(platforms.telegram, n, "fr") if platforms.telegram is not None
                                     else SlackLine(platforms.slack, n, "fr") for n in range(1, people + 1)]  # type: ignore[arg-type]
                await asyncio.gather(*(echo_person(line, figures, deadline) for line in lines))
            figures.seconds = time.monotonic() - start
            now_calls, now_polls = _calls(platforms)
            figures.calls, figures.polls = now_calls - calls, now_polls - polls
            figures.methods.update(c.method for c in _all_calls(platforms)[first:] if c.method not in _IDLE)
            figures.refused = flood.refused - refused
            if bot == "supportbot":
                _turns(figures, crowd_)
                await _cards(platforms, crowd_, figures, card_wait)
    finally:
        await platforms.stop()
    return figures


def _turns(figures: Figures, people: list[Customer]) -> None:
    for customer in people:
        figures.unfinished += customer.reference is None
        for k, said in enumerate(customer.said):
            if said.answered_after is not None:
                if k == 0:
                    figures.first.append(said.answered_after)
                figures.turns += 1
                figures.latencies.append(said.answered_after)


async def _cards(platforms: Platforms, people: list[Customer], figures: Figures, wait: float) -> None:
    filed: dict[str, float] = {}
    for customer in people:
        told = next((d for d in customer.line.replies() if customer.reference and customer.reference in d.text), None)
        if customer.reference and told is not None:  # a new message, or the recap edited into the reference
            filed[customer.reference] = told.at if customer.reference in told.sent_text else told.edited_at or told.at
    figures.tickets = len(filed)
    fake = platforms.telegram or platforms.slack
    assert fake is not None
    prefix = str(AGENTS_CHAT) if platforms.telegram is not None else AGENTS_CHANNEL
    deadline = time.monotonic() + wait
    arrived: dict[str, Delivery] = {}
    while True:
        for place, deliveries in fake.by_place.items():
            if place == prefix or place.startswith(prefix + "/"):
                for delivery in deliveries:
                    found = REFERENCE.match(delivery.sent_text)
                    if found and delivery.buttons and found.group(0) in filed:
                        arrived.setdefault(found.group(0), delivery)
        if len(arrived) == len(filed) or time.monotonic() > deadline:
            break
        await asyncio.sleep(0.2)
    figures.cards = [arrived[r].at - filed[r] for r in arrived]
    numbers = [int(r.split("-")[1]) for r in sorted(arrived, key=lambda r: arrived[r].at)]
    figures.overtaken = sum(1 for k, n in enumerate(numbers) if any(m > n for m in numbers[:k]))
    for call in (platforms.telegram.calls if platforms.telegram is not None else []):
        if str(call.params.get("chat_id")) == prefix:
            figures.group[call.method] += 1


def table(rows: list[list[str]]) -> str:
    widths = [max(len(row[k]) for row in rows) for k in range(len(rows[0]))]
    return "\n".join("  ".join(cell.rjust(widths[k]) if k > 1 else cell.ljust(widths[k]) for k, cell in enumerate(row))
                     for row in rows)


async def main(sizes: list[int], platforms: list[str], card_wait: float, rate: int) -> None:
    rows = [HEADER]
    breakdowns: list[str] = []
    with tempfile.TemporaryDirectory(prefix="bench-chat-") as folder:
        for platform in platforms:
            for people in sizes:
                for bot in ("echo", "supportbot"):
                    workdir = Path(folder) / f"{platform}-{bot}-{people}"
                    figures = await measure(platform, bot, people, workdir, card_wait, rate)
                    rows.append(figures.row())
                    print(table([HEADER, rows[-1]]).splitlines()[-1], flush=True)
                    breakdowns.append(figures.breakdown())
    print("\n" + table(rows))
    print("\n" + "\n".join(breakdowns))
    print("\nturns/s: answered turns over the time from the first message to the last answer; latency: from the "
          "person's message to the turn's last message; first: each person's first message, all sent at once;\n"
          "calls/turn: API calls other than getUpdates per turn; "
          "429s: calls the fake refused for flood control;\n"
          f"card: filing to the card in the agents' place (waited at most {card_wait:g} s).")


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--sizes", type=int, nargs="+", default=[1, 10, 100])
    parser.add_argument("--platforms", nargs="+", default=["telegram", "slack"], choices=["telegram", "slack"])
    parser.add_argument("--card-wait", type=float, default=60.0, help="seconds to wait for the last cards")
    parser.add_argument("--telegram-rate", type=int, default=30,
                        help="messages/s Telegram allows (the fake's flood control and the bots' pace): "
                             "above 30, what the bot would do with fewer messages per turn")
    arguments = parser.parse_args()
    asyncio.run(main(arguments.sizes, arguments.platforms, arguments.card_wait, arguments.telegram_rate))
