"""One fault campaign: the real ``supportbot run`` against the fake platforms, a crowd doing whole
intakes, seeded faults on every API call, the process killed with SIGKILL every few seconds and
started again; then a drain (no more kills, no more faults) and the tally.

    plan = CampaignPlan.from_environment(kills=True)
    tally = await run_campaign(plan, "sqlite:///...", workdir)

``SUPPORTBOT_FAULT_LONG=1`` makes the campaign longer and the crowd bigger.
"""

from __future__ import annotations

import asyncio
import json
import os
import random
import time
from collections import Counter
from dataclasses import dataclass, replace
from pathlib import Path

from tests.fakes.faults import FaultPlan, FaultRates
from tests.fakes.telegram.flood import FloodControl
from tests.support.bot_process import BotProcess
from tests.support.crowd.crowd import crowd
from tests.support.crowd.customer import Customer
from tests.support.crowd.platforms import AGENTS_CHANNEL, AGENTS_CHAT, SPARED, Platforms
from tests.support.crowd.tally import AgentsTally, Tally, count_agents, count_platform, details, filed_tickets, work_left

TELEGRAM_READ_TIMEOUT = 5.0  # python-telegram-bot's default: a longer hang is a lost acknowledgment


@dataclass(frozen=True)
class CampaignPlan:
    kills: bool
    faults: bool = True
    # Lost acknowledgments (the platform acted, its answer never reached us) are the one fault the
    # README's duplicate window names: Telegram cannot tell a bot that a message or topic was made.
    lost_acks: bool = True
    telegram_customers: int = 10
    slack_customers: int = 6
    seed: int = 20261129
    kill_every: tuple[float, float] = (3.0, 10.0)
    duration: float = 80.0  # the crowd's deadline, from the first message
    # Then, at most, until every ticket has its cards: each ticket is two messages in the Telegram
    # forum (topic, card), and a group takes 20 a minute.
    drain: float = 90.0  # an upper bound: the drain ends as soon as the bot owes nothing
    patience: float = 20.0  # a person waits this long for a turn before saying it again
    # Telegram cannot tell a bot that a message went out when only the answer was lost: with this,
    # copies sent after a lost acknowledgment are reported, not failed, in runs without kills.
    lost_ack_copies_allowed: bool = True

    @classmethod
    def from_environment(cls, *, kills: bool, faults: bool = True, lost_acks: bool = True) -> CampaignPlan:
        plan = cls(kills=kills, faults=faults, lost_acks=lost_acks)
        if os.environ.get("SUPPORTBOT_FAULT_LONG", "").strip() not in {"", "0"}:
            plan = replace(plan, telegram_customers=40, slack_customers=20, duration=420.0, drain=90.0)
        return plan

    def describe(self) -> str:
        return (f"{self.telegram_customers} Telegram + {self.slack_customers} Slack customers, "
                f"{'SIGKILL every {:g}-{:g} s'.format(*self.kill_every) if self.kills else 'no kill'}, "
                f"{('faults on' if self.lost_acks else 'faults on, no lost ack') if self.faults else 'no faults'}, "
                f"seed {self.seed}")


async def run_campaign(plan: CampaignPlan, database_url: str, workdir: Path) -> tuple[Tally, BotProcess]:
    telegram_faults = slack_faults = None
    if plan.faults:
        telegram_rates = FaultRates.bad_day(hang_seconds=TELEGRAM_READ_TIMEOUT + 1, spared=SPARED)
        slack_rates = FaultRates.bad_day(spared=SPARED)
        if not plan.lost_acks:
            telegram_rates, slack_rates = replace(telegram_rates, lost_ack=0.0), replace(slack_rates, lost_ack=0.0)
        telegram_faults = FaultPlan(telegram_rates, plan.seed)
        slack_faults = FaultPlan(slack_rates, plan.seed + 1)
    platforms = await Platforms.start(telegram=plan.telegram_customers > 0, slack=plan.slack_customers > 0,
                                      telegram_faults=telegram_faults, slack_faults=slack_faults, flood=FloodControl())
    try:
        with BotProcess(platforms.bot_settings(database_url), workdir) as bot:
            people = crowd(platforms, telegram=plan.telegram_customers, slack=plan.slack_customers, seed=plan.seed,
                           patience=plan.patience)
            bot.start()
            await _crowd_under_fire(plan, bot, people)
            for faults in (telegram_faults, slack_faults):  # the drain: a calm platform, a living bot
                if faults is not None:
                    faults.rates = FaultRates()
            bot.start()
            await drain_until_carded(platforms, database_url, plan.drain)
            bot.stop()
            tally = tally_of(platforms, people, database_url)
            (workdir / "people.json").write_text(json.dumps(details(people), indent=1, ensure_ascii=False))
            tally.notes.append(f"bot: {bot.starts} starts, {bot.kills} SIGKILLs, {bot.deaths} deaths on its own")
            tally.notes.append(f"each person's run, step by step: {workdir / 'people.json'}")
            for name, faults in (("telegram", telegram_faults), ("slack", slack_faults)):
                if faults is not None:
                    injected = ", ".join(f"{kind.value} {n}" for kind, n in faults.injected.most_common())
                    tally.notes.append(f"faults injected on {name}: {injected or 'none'}")
            if platforms.telegram is not None and platforms.telegram.flood is not None:
                tally.notes.append(f"telegram flood limits refused {platforms.telegram.flood.refused} call(s)")
            return tally, bot
    finally:
        await platforms.stop()


async def _crowd_under_fire(plan: CampaignPlan, bot: BotProcess, people: list[Customer]) -> None:
    rng = random.Random(plan.seed)
    deadline = time.monotonic() + plan.duration

    async def person(customer: Customer) -> None:
        await asyncio.sleep(rng.uniform(0, 2))
        await customer.intake(deadline)

    async def killer() -> None:
        next_kill = time.monotonic() + rng.uniform(*plan.kill_every)
        while True:
            await asyncio.sleep(0.2)
            if plan.kills and time.monotonic() >= next_kill:
                bot.kill()
                next_kill = time.monotonic() + rng.uniform(*plan.kill_every)
            bot.start()  # after a kill, or a death of its own

    watching = asyncio.get_running_loop().create_task(killer())
    try:
        await asyncio.gather(*(person(c) for c in people))
    finally:
        watching.cancel()
        try:
            await watching
        except asyncio.CancelledError:
            pass


async def drain_until_carded(platforms: Platforms, database_url: str, seconds: float) -> None:
    """Until every ticket filed has a card in each agents' place and the bot owes nothing more (every
    stored event turned, every message delivered or given up on: a reply in back-off is late, not
    lost), then a quiet moment."""
    deadline = time.monotonic() + seconds

    def carded() -> bool:
        references = set(filed_tickets(database_url))
        return all(references <= set(agents.cards) for agents in _agents(platforms))

    while time.monotonic() < deadline and not (carded() and work_left(database_url) == 0):
        await asyncio.sleep(1.0)
    await asyncio.sleep(min(3.0, max(0.0, deadline - time.monotonic())))  # late copies, if any, show up


def _agents(platforms: Platforms) -> list[AgentsTally]:
    found = []
    if platforms.telegram is not None:
        found.append(count_agents("telegram agents' forum", platforms.telegram.by_place, str(AGENTS_CHAT),
                                  platforms.telegram.topics))
    if platforms.slack is not None:
        found.append(count_agents("slack agents' channel", platforms.slack.by_place, AGENTS_CHANNEL, []))
    return found


def tally_of(platforms: Platforms, people: list[Customer], database_url: str) -> Tally:
    tallies = []
    for name in ("telegram", "slack"):
        mine = [c for c in people if c.line.platform == name]
        if mine:
            tallies.append(count_platform(name, mine))
    tickets = filed_tickets(database_url)
    tally = Tally(tallies, _agents(platforms), set(tickets))
    per_requester = Counter(tickets.values())
    tally.tickets_per_customer = Counter(per_requester.get(c.line.person, 0) for c in people)
    return tally


def verdict(tally: Tally, plan: CampaignPlan) -> list[str]:
    """What the issue's promise forbids, as sentences; empty when the run kept it."""
    customers = plan.telegram_customers + plan.slack_customers
    problems = []
    if tally.lost:
        problems.append(f"{tally.lost} confirmed message(s) never answered")
    excused = tally.misfiled_after_lost_ack if plan.lost_ack_copies_allowed else 0
    if tally.half_turns - excused:
        problems.append(f"{tally.half_turns - excused} half turn(s) or misfiled answer(s) "
                        f"(besides {excused} answer(s) to a copy sent after a lost acknowledgment)")
    orphans = tally.orphan_topics - (tally.orphans_after_lost_ack if plan.lost_ack_copies_allowed else 0)
    if orphans:
        problems.append(f"{orphans} forum topic(s) with no card (besides {tally.orphan_topics - orphans} "
                        "after a lost acknowledgment)")
    if tally.unfinished:
        problems.append(f"{tally.unfinished} customer(s) never got a reference")
    if tally.tickets_per_customer != Counter({1: customers}):
        problems.append(f"tickets per customer {dict(tally.tickets_per_customer)}, not one each")
    if tally.missing_cards:
        problems.append(f"{tally.missing_cards} card(s) never reached an agents' place")
    doubled = tally.duplicates - (tally.duplicates_after_lost_ack if plan.lost_ack_copies_allowed else 0)
    if doubled and not plan.kills:
        problems.append(f"{doubled} duplicate reply/card(s) without any kill "
                        f"({tally.duplicates_after_lost_ack} after a lost acknowledgment)")
    return problems
