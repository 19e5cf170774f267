"""``python -m benchmarks.core`` (``make bench-core``): the core's turns beside a bare transaction.

For each database (SQLite, PostgreSQL in a schema of its own) and each number of simultaneous
requesters (1, 10, 100), whole intakes run through the real desk as an adapter drives it
(benchmarks.core.intakes.take_turn, in worker threads), then the same number of bare one-row
transactions (benchmarks.core.bare) by as many users, on the same engine: turns/s, latency
p50/p95/p99/max, process CPU per turn and its ratio to the bare Core transaction's, statements,
flushes, autoflushes and commits per turn, KB searches per intake, tickets filed. ``--profile N``
adds where the CPU of a turn goes (cProfile, N single-user intakes).
"""

from __future__ import annotations

import argparse
import asyncio
import logging
import os
import statistics
import sys
import time
from dataclasses import dataclass

from sqlalchemy import func, select

from benchmarks.core.bare import BareTransactions
from benchmarks.core.counting import Counter, Counts
from benchmarks.core.databases import POSTGRES_URL, fresh_database
from benchmarks.core.intakes import Requesters, Tally
from benchmarks.core.profile import profile_turns
from bot.bootstrap import SupportBot, build
from bot.observability.turns import TurnRecord
from bot.settings import Settings
from bot.storage.models import KbSearchRow, TicketRow
from kb.semantic import Meaning

TURNS_PER_INTAKE = 9  # summary, seven answers, submit


@dataclass
class Row:
    database: str
    what: str
    users: int
    latencies: list[float]
    wall: float
    cpu: float
    counts: Counts
    note: str = ""

    def cells(self, bare_cpu: float | None) -> list[str]:
        turns = max(len(self.latencies), 1)
        cpu = self.cpu / turns
        q = statistics.quantiles(self.latencies, n=100, method="inclusive") if len(self.latencies) > 1 else self.latencies * 99
        ms = [f"{v * 1000:.1f}" for v in (q[49], q[94], q[98], max(self.latencies))]
        ratio = f"{cpu / bare_cpu:.1f}x" if bare_cpu else ""
        per = [f"{n / turns:.1f}" for n in (self.counts.statements, self.counts.flushes, self.counts.autoflushes)]
        return [self.database, self.what, str(self.users), str(len(self.latencies)), f"{len(self.latencies) / self.wall:.0f}",
                *ms, f"{cpu * 1000:.2f}", ratio, *per, f"{self.counts.commits / turns:.2f}", self.note]


HEADER = ["db", "what", "users", "turns", "turns/s", "p50 ms", "p95 ms", "p99 ms", "max ms", "CPU ms/turn", "x bare",
          "stmts/turn", "flushes/turn", "autoflushes/turn", "commits/turn", "notes"]


class Failures:
    def __init__(self) -> None:
        self.count = 0

    def turn_done(self, turn: TurnRecord) -> None:
        self.count += turn.failed


def _count(bot: SupportBot, model: type) -> int:
    with bot.sessions() as session:
        return int(session.scalar(select(func.count()).select_from(model)) or 0)


async def _measure(coroutines: list, counter: Counter) -> tuple[float, float, Counts]:  # type: ignore[type-arg]
    counter.take()
    wall, cpu = time.perf_counter(), time.process_time()
    await asyncio.gather(*coroutines)
    return time.perf_counter() - wall, time.process_time() - cpu, counter.take()


async def bot_row(bot: SupportBot, database: str, users: int, turns: int, counter: Counter, failures: Failures) -> Row:
    requesters = Requesters(f"{database}-{users}")
    per_user = max(1, round(turns / (users * TURNS_PER_INTAKE)))
    tally = Tally()
    tickets, searches, failed = _count(bot, TicketRow), _count(bot, KbSearchRow), failures.count

    async def one_user() -> None:
        for _ in range(per_user):
            await requesters.intake(bot, tally)

    wall, cpu, counts = await _measure([one_user() for _ in range(users)], counter)
    filed, searched = _count(bot, TicketRow) - tickets, _count(bot, KbSearchRow) - searches
    note = f"{tally.intakes} intakes, {filed} tickets, {searched / tally.intakes:.1f} KB searches/intake"
    if tally.cut_short or failures.count - failed:
        note += f", {tally.cut_short} cut short, {failures.count - failed} FAILED turns"
    return Row(database, "desk turn", users, tally.latencies, wall, cpu, counts, note)


async def bare_row(bare: BareTransactions, form: str, database: str, users: int, turns: int, counter: Counter) -> Row:
    latencies: list[float] = []
    per_user = max(1, turns // users)
    wall, cpu, counts = await _measure([bare.user(form, n, per_user, latencies) for n in range(users)], counter)
    return Row(database, f"bare txn ({form})", users, latencies, wall, cpu, counts)


async def run_database(database: str, args: argparse.Namespace, meaning: Meaning) -> tuple[list[list[str]], str]:
    with fresh_database(database, args.postgres_url) as url:
        settings = Settings(  # type: ignore[call-arg]  # pydantic-settings' own argument: no .env
            _env_file=None, database_url=url, messages_per_minute=10_000,  # the flood check runs, never refuses
        )
        bot = build(settings, meaning=meaning)
        counter, failures = Counter(bot.engine, bot.sessions), Failures()
        bot.turn_watchers.add(failures)
        bare = BareTransactions(bot.engine, max(args.users))
        try:
            await Requesters("warm-up").intake(bot, Tally())  # the KB index, statement caches, the pool
            await bare.user("core", 0, 20, [])
            rows: list[list[str]] = []
            single: Row | None = None
            for users in args.users:
                desk = await bot_row(bot, database, users, args.turns, counter, failures)
                single = single or desk
                per_user = max(1, len(desk.latencies) // users)
                core = await bare_row(bare, "core", database, users, per_user * users, counter)
                orm = await bare_row(bare, "orm", database, users, per_user * users, counter)
                bare_cpu = core.cpu / max(len(core.latencies), 1)
                for row in (desk, core, orm):
                    rows.append(row.cells(bare_cpu if row is not core else None))
                    print(" | ".join(rows[-1]), file=sys.stderr, flush=True)
            profile = await profile_turns(bot, args.profile, args.top) if args.profile else ""
            return rows, "\n\n".join(part for part in (_statements(database, single), profile) if part)
        finally:
            bare.drop()
            bot.close()


def _statements(database: str, row: Row | None) -> str:
    """The statements of a turn by kind, from the first desk row."""
    if row is None:
        return ""
    turns = max(len(row.latencies), 1)
    lines = [f"statements a turn on {database} ({row.users} user(s), {turns} turns), by kind:"]
    lines += [f"  {count / turns:6.2f}  {kind}" for kind, count in row.counts.kinds.most_common()]
    return "\n".join(lines)


def table(rows: list[list[str]]) -> str:
    widths = [max(len(r[i]) for r in [HEADER, *rows]) for i in range(len(HEADER))]
    lines = [" | ".join(h.ljust(w) for h, w in zip(HEADER, widths, strict=True)).rstrip()]
    lines.append("-+-".join("-" * w for w in widths))
    lines += [" | ".join(c.ljust(w) if i in (0, 1, len(HEADER) - 1) else c.rjust(w)
                         for i, (c, w) in enumerate(zip(r, widths, strict=True))).rstrip() for r in rows]
    return "\n".join(lines)


def main() -> None:
    parser = argparse.ArgumentParser(prog="python -m benchmarks.core", description=__doc__.splitlines()[0])
    parser.add_argument("--databases", default="sqlite,postgres", help="comma-separated: sqlite, postgres")
    parser.add_argument("--users", default="1,10,100", type=lambda s: [int(n) for n in s.split(",")],
                        help="simultaneous requesters, comma-separated")
    parser.add_argument("--turns", type=int, default=900, help="desk turns per row, about (whole intakes of ~9 turns)")
    parser.add_argument("--postgres-url", default=os.environ.get("SUPPORTBOT_TEST_POSTGRES_URL", POSTGRES_URL))
    parser.add_argument("--profile", type=int, default=0, metavar="INTAKES", help="profile this many single-user intakes")
    parser.add_argument("--top", type=int, default=30, help="functions listed by the profile")
    args = parser.parse_args()
    logging.basicConfig(level=logging.WARNING)
    from kb.threads import single_blas_thread

    single_blas_thread()  # as the bot's bootstrap does
    meaning = Meaning.load()  # once per process, as a running bot
    rows: list[list[str]] = []
    profiles: list[str] = []
    for database in args.databases.split(","):
        found, profile = asyncio.run(run_database(database, args, meaning))
        rows += found
        if profile:
            profiles.append(f"--- {database}\n{profile}")
    print(f"\n{os.cpu_count()} CPUs, Python {sys.version.split()[0]}. Latency: from handing the message to the desk's "
          "entry point to its replies (worker threads, as adapters run it). CPU: the whole process's CPU time over the "
          "row, per turn; x bare: CPU per turn over the bare Core transaction's at the same number of users.")
    print(table(rows))
    for profile in profiles:
        print(f"\n{profile}")


if __name__ == "__main__":
    main()
