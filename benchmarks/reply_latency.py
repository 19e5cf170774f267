"""``python -m benchmarks.reply_latency``: how long a reply waits between its turn's commit and the courier.

For each database (SQLite, and PostgreSQL in a schema of its own when reachable): turns one at a
time through the real runtime (inbox, lane, the desk's turn, outbox row, the worker woken by the
commit), timing the commit (the outbox signal) to the courier being handed the reply; then a
burst of conversations at once (turns/s from the first receive to the last delivery). Beside it,
in the same run, the baseline: the same reply rows delivered by a worker that polls every second
without a wake-up (the worker as it was before the runtime). The courier records and returns at
once: these are the pipeline's own figures, without a platform's.
"""

from __future__ import annotations

import argparse
import asyncio
import logging
import statistics
import time
from dataclasses import dataclass, field

from benchmarks.core.databases import fresh_database
from bot.bootstrap import build
from bot.delivery import Delivery, DeliveryReceipt, OutboundKind
from bot.messages import ConversationKey, Destination, InboundMessage, Platform, Sender, TextReply
from bot.outbox import OutboxWorker
from bot.outbox.signal import OutboxSignal
from bot.runtime import Runtime
from bot.settings import Settings

FIRST = "L'export PDF des factures plante depuis ce matin"


@dataclass
class StampingCourier:
    platform: Platform = Platform.SLACK
    handed: list[float] = field(default_factory=list)
    arrived: asyncio.Event = field(default_factory=asyncio.Event)

    async def deliver(self, delivery: Delivery) -> DeliveryReceipt:
        self.handed.append(time.perf_counter())
        self.arrived.set()
        return DeliveryReceipt(f"m{len(self.handed)}", delivery.destination.thread)


def message(n: int, text: str = FIRST) -> InboundMessage:
    return InboundMessage(Sender(Platform.SLACK, f"U{n}", f"Person {n}", "fr"), ConversationKey(Platform.SLACK, f"D{n}"),
                          text, event_id=f"bench-{n}-{time.perf_counter_ns()}")


def ms(values: list[float]) -> str:
    ordered = sorted(values)
    p95 = ordered[min(len(ordered) - 1, int(len(ordered) * 0.95))]
    return f"p50 {statistics.median(ordered) * 1000:7.1f} ms  p95 {p95 * 1000:7.1f} ms  max {ordered[-1] * 1000:7.1f} ms"


async def measure(database_url: str, turns: int, burst: int, baseline: int) -> None:
    bot = build(Settings(_env_file=None, database_url=database_url, slack_bot_token="xoxb-bench", slack_app_token="x"),
                with_kb=False)
    commits: list[float] = []
    OutboxSignal(bot.sessions).subscribe(lambda: commits.append(time.perf_counter()))
    courier = StampingCourier()
    runtime = Runtime(bot, "bench")
    runtime.add_courier(courier)
    await runtime.start()
    waits: list[float] = []
    for n in range(turns):
        courier.arrived.clear()
        signalled = len(commits)
        await runtime.receive([message(n)])
        await courier.arrived.wait()
        waits.append(courier.handed[-1] - commits[signalled])  # the turn's commit: the first since (the claim's follows)
        await runtime.drained()
    started, before = time.perf_counter(), len(courier.handed)
    await runtime.receive([message(10_000 + n) for n in range(burst)])
    while len(courier.handed) < before + burst:
        await asyncio.sleep(0.001)
    burst_seconds = time.perf_counter() - started
    await runtime.stop()

    polled: list[float] = []
    worker = OutboxWorker(bot.sessions, {Platform.SLACK: courier}, bot.clock, "bench-polling")
    stop = asyncio.Event()
    running = asyncio.create_task(worker.run_forever(stop, idle_interval=1.0))  # no wake-up: it polls
    for n in range(baseline):
        courier.arrived.clear()
        with bot.sessions.begin() as session:
            bot.outbox.put(session, kind=OutboundKind.TURN_REPLY, destination=Destination(Platform.SLACK, f"P{n}"),
                           replies=[TextReply("baseline")])
        committed = time.perf_counter()
        await courier.arrived.wait()
        polled.append(courier.handed[-1] - committed)
        await asyncio.sleep(0.137 * (n % 7))  # commits fall anywhere in the polling interval
    stop.set()
    await running
    bot.close()
    kind = bot.engine.dialect.name
    print(f"{kind:10}  commit -> courier, runtime (woken by the commit), {turns} turns: {ms(waits)}")
    print(f"{kind:10}  commit -> courier, baseline (worker polling every 1 s), {baseline}: {ms(polled)}")
    print(f"{kind:10}  burst of {burst} conversations at once: {burst / burst_seconds:6.1f} turns/s "
          f"({burst_seconds:.2f} s, receive to last delivery)")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--databases", nargs="+", default=["sqlite", "postgres"])
    parser.add_argument("--turns", type=int, default=50)
    parser.add_argument("--burst", type=int, default=100)
    parser.add_argument("--baseline", type=int, default=10)
    args = parser.parse_args()
    logging.basicConfig(level=logging.ERROR)
    for kind in args.databases:
        try:
            with fresh_database(kind) as url:
                asyncio.run(measure(url, args.turns, args.burst, args.baseline))
        except OSError as error:
            print(f"{kind}: skipped ({error})")


if __name__ == "__main__":
    main()
