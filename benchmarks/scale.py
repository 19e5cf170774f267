"""``make bench-scale``: does a second process serve more? 1 vs 2 ``supportbot run`` on one PostgreSQL.

The same crowd (Telegram customers doing whole intakes, closed loop: each waits for the bot's turn
and a short pause before answering) against the fake Telegram in webhook mode, behind a load
balancer in this driver that sends each update to the next process in turn (round robin, no
stickiness: one conversation's updates land in both). Rows:

    1 x all               one process, every role
    2 x all               two processes, every role each
    2 x ingress + worker  two processes receive and run turns, a third delivers

Printed per row: turns answered per second (first message to last answer), answer latency
p50/p95, errors (messages never answered or answered by half, customers without a reference,
tickets without a card), duplicates (a reply or card delivered twice), the CPU seconds of the bot
processes and of this driver (the fake Telegram and the crowd run here), and the ratio to one
process. Telegram's sending limits are off on both sides (the bot's and the fake's): they cap a
bot token at 30 messages/s whatever the number of processes, which is not what this measures.
"""

from __future__ import annotations

import argparse
import asyncio
import itertools
import os
import statistics
import tempfile
import time
import uuid
from dataclasses import dataclass
from pathlib import Path

from aiohttp import ClientSession, web
from sqlalchemy import create_engine, text
from sqlalchemy.engine import make_url

from bot.storage.database import make_engine
from bot.storage.migrate import upgrade
from tests.fault.campaign import drain_until_carded, tally_of
from tests.support.bot_process import BotProcess, supportbot_command
from tests.support.crowd.crowd import crowd
from tests.support.crowd.platforms import Platforms
from tests.support.crowd.report import percentile

QUIET = 0.15  # a person's pause after the bot's turn, as in bench-chat
SECRET = "scale-secret"
LAYOUTS = {"1 x all": ["all"], "2 x all": ["all", "all"], "2 x ingress + worker": ["ingress", "ingress", "worker"]}


class Balancer:
    """Round robin over the ingress processes' webhook ports, as a reverse proxy would."""

    def __init__(self, ports: list[int]) -> None:
        self._next = itertools.cycle(ports)
        self._runner: web.AppRunner | None = None
        self._client: ClientSession | None = None
        self.port = 0
        self.errors = 0

    async def start(self) -> str:
        app = web.Application()
        app.router.add_post("/telegram", self._forward)
        self._runner = web.AppRunner(app, access_log=None)
        await self._runner.setup()
        site = web.TCPSite(self._runner, "127.0.0.1", 0)
        await site.start()
        self.port = site._server.sockets[0].getsockname()[1]  # type: ignore[union-attr]
        self._client = ClientSession()
        return f"http://127.0.0.1:{self.port}/telegram"

    async def stop(self) -> None:
        if self._client is not None:
            await self._client.close()
        if self._runner is not None:
            await self._runner.cleanup()

    async def _forward(self, request: web.Request) -> web.Response:
        assert self._client is not None
        body, headers = await request.read(), {k: v for k, v in request.headers.items() if k.lower().startswith("x-")}
        headers["Content-Type"] = "application/json"
        async with self._client.post(f"http://127.0.0.1:{next(self._next)}/telegram", data=body,
                                     headers=headers) as answer:
            self.errors += answer.status != 200
            return web.Response(status=answer.status, body=await answer.read())


@dataclass
class Row:
    layout: str
    people: int
    turns: int
    seconds: float
    latencies: list[float]
    errors: int
    duplicates: int
    bot_cpu: float
    driver_cpu: float

    def cells(self, one: Row | None) -> list[str]:
        rate = self.turns / self.seconds
        ratio = f"{rate / (one.turns / one.seconds):.2f}x" if one is not None else "1.00x"
        return [self.layout, str(self.people), str(self.turns), f"{rate:.1f}", ratio,
                f"{percentile(self.latencies, 0.5) * 1000:.0f}", f"{percentile(self.latencies, 0.95) * 1000:.0f}",
                str(self.errors), str(self.duplicates), f"{self.bot_cpu:.1f}", f"{self.driver_cpu:.1f}"]


HEADER = ["processes", "people", "turns", "turns/s", "vs 1", "p50 ms", "p95 ms", "errors", "duplicates",
          "bot CPU s", "driver CPU s"]


def _schema(server: str) -> tuple[str, str]:
    schema = f"scale_{uuid.uuid4().hex[:10]}"
    admin = create_engine(server)
    with admin.begin() as connection:
        connection.execute(text(f'CREATE SCHEMA "{schema}"'))
    admin.dispose()
    url = make_url(server).update_query_dict({"options": f"-csearch_path={schema}"}).render_as_string(False)
    engine = make_engine(url)
    upgrade(engine)  # once, before the processes start (each would migrate at its start)
    engine.dispose()
    return schema, url


def _drop(server: str, schema: str) -> None:
    admin = create_engine(server)
    with admin.begin() as connection:
        connection.execute(text(f'DROP SCHEMA "{schema}" CASCADE'))
    admin.dispose()


def _cpu_seconds(process: BotProcess) -> float:
    pid = process.pid
    if pid is None:
        return 0.0
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


async def measure(layout: str, people: int, server: str, workdir: Path) -> Row:
    schema, url = _schema(server)
    platforms = await Platforms.start(telegram=True, slack=False)
    roles = LAYOUTS[layout]
    ports = [18600 + k for k, role in enumerate(roles) if role != "worker"]
    balancer = Balancer(ports)
    processes: list[BotProcess] = []
    try:
        webhook = await balancer.start()
        assert platforms.telegram is not None
        for k, role in enumerate(roles):
            settings = platforms.bot_settings(url) | {
                "SUPPORTBOT_TELEGRAM_MODE": "webhook", "SUPPORTBOT_TELEGRAM_WEBHOOK_URL": webhook,
                "SUPPORTBOT_TELEGRAM_WEBHOOK_SECRET": SECRET, "SUPPORTBOT_TELEGRAM_WEBHOOK_PORT": str(18600 + k),
                "SUPPORTBOT_TELEGRAM_FLOOD_LIMITS": "false"}
            process = BotProcess(settings, workdir / f"{k}-{role}", [*supportbot_command(), "run", "--role", role])
            processes.append(process)
            process.start()
        await _ready(platforms, processes, receivers=len(ports))
        cpu_before = [_cpu_seconds(p) for p in processes]
        driver_before = time.process_time()
        crowd_ = crowd(platforms, telegram=people, slack=0, seed=people, patience=60)
        for customer in crowd_:
            customer.quiet = QUIET
        start = time.monotonic()
        await asyncio.gather(*(c.intake(start + 300) for c in crowd_))
        seconds = time.monotonic() - start
        driver_cpu = time.process_time() - driver_before
        bot_cpu = sum(_cpu_seconds(p) - before for p, before in zip(processes, cpu_before, strict=True))
        await drain_until_carded(platforms, url, 30.0)
        tally = tally_of(platforms, crowd_, url)
        latencies = [s.answered_after for c in crowd_ for s in c.said if s.answered_after is not None]
        errors = tally.lost + tally.half_turns + tally.unfinished + tally.missing_cards + balancer.errors
        return Row(layout, people, len(latencies), seconds, latencies, errors, tally.duplicates, bot_cpu, driver_cpu)
    finally:
        for process in processes:
            process.close()
        await balancer.stop()
        await platforms.stop()
        _drop(server, schema)


async def _ready(platforms: Platforms, processes: list[BotProcess], receivers: int) -> None:
    assert platforms.telegram is not None
    deadline = time.monotonic() + 90
    while len(platforms.telegram.called("setWebhook")) < receivers:
        for process in processes:
            if not process.running:
                raise RuntimeError(f"a bot died at start-up:\n{process.log_tail()}")
        if time.monotonic() > deadline:
            raise RuntimeError("the bots never set their webhook")
        await asyncio.sleep(0.1)
    await asyncio.sleep(1.0)  # the worker's LISTEN, and the last start-up work


def table(rows: list[list[str]]) -> str:
    widths = [max(len(row[k]) for row in rows) for k in range(len(rows[0]))]
    return "\n".join("  ".join(c.rjust(widths[k]) if k else c.ljust(widths[k]) for k, c in enumerate(row)) for row in rows)


async def main(people: int, layouts: list[str], server: str, rounds: int) -> None:
    """``rounds`` rounds, each running every layout once in turn: the machine's other load moves
    between rounds, so each round's ratios are paired, and the summary gives their median."""
    rows = [HEADER]
    rates: dict[str, list[float]] = {layout: [] for layout in layouts}
    with tempfile.TemporaryDirectory(prefix="bench-scale-") as folder:
        for round_ in range(1, rounds + 1):
            one: Row | None = None
            for layout in layouts:
                row = await measure(layout, people, server, Path(folder) / f"{round_}-{layout.replace(' ', '')}")
                one = one or row
                rates[layout].append(row.turns / row.seconds)
                rows.append(row.cells(one if row is not one else None))
                print(table([HEADER, rows[-1]]).splitlines()[-1], flush=True)
    print("\n" + table(rows))
    if rounds > 1:
        first = rates[layouts[0]]
        print("\nmedian over the rounds: " + "; ".join(
            f"{layout} {statistics.median(r):.1f} turns/s, "
            f"{statistics.median(b / a for a, b in zip(first, r, strict=True)):.2f}x (each round: "
            f"{', '.join(f'{b / a:.2f}' for a, b in zip(first, r, strict=True))})"
            for layout, r in rates.items()))
    print(f"\n{os.cpu_count()} cores, shared by PostgreSQL, the bot processes, the fake Telegram and the crowd (this "
          "driver); turns/s: answered turns over the time from the first message to the last answer; errors: "
          "messages never answered or half answered, customers without a reference, tickets without a card, "
          "webhook calls refused.")


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--people", type=int, default=60)
    parser.add_argument("--rounds", type=int, default=3, help="every layout once per round, rounds interleaved")
    parser.add_argument("--layouts", nargs="+", default=list(LAYOUTS), choices=list(LAYOUTS))
    parser.add_argument("--postgres", default=os.environ.get("SUPPORTBOT_TEST_POSTGRES_URL",
                                                             "postgresql+psycopg://postgres@127.0.0.1:5432/test"))
    arguments = parser.parse_args()
    asyncio.run(main(arguments.people, arguments.layouts, arguments.postgres, arguments.rounds))
