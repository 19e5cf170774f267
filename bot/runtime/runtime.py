"""The runtime: what carries a message from the platform to the desk and the answer back.

    runtime = Runtime(bot, worker_id)
    runtime.add_courier(service.courier)      # each platform's sender
    await runtime.start()                     # resumes what a previous process left unprocessed
    await runtime.receive([message, ...])     # adapters: store, and only then acknowledge
    ...
    await runtime.stop()

``receive`` commits the events to the inbox (:mod:`bot.inbox`) and returns: the adapter then
acknowledges them to the platform. Their turns run in lanes (:mod:`bot.runtime.lanes`): one
conversation in order, conversations side by side. Each turn commits its replies to the outbox
(:mod:`bot.runtime.turns`), and the commit wakes the outbox worker at once, which is the only
sender: it delivers in order within a conversation, concurrently across them, with retries.
A sweep takes up, every few seconds, events that nobody in this process is running: those a
crashed process stored, or whose turn could not reach the database.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
from collections.abc import Callable, Sequence
from datetime import timedelta

from bot.bootstrap import SupportBot
from bot.delivery import Courier
from bot.inbox import Inbox
from bot.lifecycle.delivery_failures import DeliveryFailures
from bot.messages import InboundMessage, Platform, Reply
from bot.outbox import Backoff, OutboxWorker
from bot.outbox.claims import due_count
from bot.outbox.signal import OutboxSignal
from bot.runtime.lanes import Lanes
from bot.runtime.listen import listen_for_outbox
from bot.runtime.turns import StoredTurns

log = logging.getLogger(__name__)

# Someone waits for the answer: the first retries come fast (a 5xx or a lost connection is
# usually gone within a second), the later ones far apart (an outage): 0.5, 1.5, 4.5, 13.5 s...
# about 9 minutes over the default 8 attempts. A rate limit waits what the platform asks instead.
REPLY_BACKOFF = Backoff(base=timedelta(seconds=0.5), factor=3.0, cap=timedelta(minutes=5))


class Runtime:
    def __init__(
        self, bot: SupportBot, worker_id: str, *, lanes: int = 8, sweep_seconds: float = 5.0,
        lease: timedelta = timedelta(seconds=6), delivery_timeout: timedelta = timedelta(seconds=30),
        idle_seconds: float = 5.0, turns: bool = True, deliver: bool = True,
    ) -> None:
        """``turns``: run the turns of what is received and of what the inbox holds unprocessed;
        ``deliver``: deliver the outbox (:mod:`bot.runtime.roles` splits them over processes)."""
        self._bot = bot
        self._worker_id = worker_id
        self._width = lanes
        self._sweep_seconds = sweep_seconds
        self._lease = lease
        self._delivery_timeout = delivery_timeout
        self._idle_seconds = idle_seconds
        self._runs_turns = turns
        self._delivers = deliver
        self.inbox = Inbox(bot.sessions, bot.clock)
        self._turns = StoredTurns(bot.sessions, bot.desk, bot.outbox, self._apology, bot.clock, bot.turn_watchers)
        self._couriers: dict[Platform, Courier] = {}
        self._lanes: Lanes | None = None
        self._stop = asyncio.Event()
        self._tasks: list[asyncio.Task[None]] = []
        self._signal: OutboxSignal | None = None
        self._unsubscribe: Callable[[], None] | None = None

    def add_courier(self, courier: Courier) -> None:
        """Deliver ``courier.platform``'s messages through it; before :meth:`start`."""
        if self._lanes is not None:
            raise RuntimeError("add couriers before the runtime starts: its worker knows its platforms then")
        self._couriers[courier.platform] = courier

    async def start(self) -> None:
        loop = asyncio.get_running_loop()
        self._stop = asyncio.Event()
        self._lanes = Lanes(self._run, self._width)
        wake = asyncio.Event()

        def wake_up() -> None:
            loop.call_soon_threadsafe(wake.set)

        self._signal = self._bot.outbox_signal or OutboxSignal(self._bot.sessions)
        self._unsubscribe = self._signal.subscribe(wake_up)
        failures = DeliveryFailures(self._bot.notifier, self._bot.catalog, self._bot.agents_language)
        worker = OutboxWorker(self._bot.sessions, self._couriers, self._bot.clock, self._worker_id, lease=self._lease,
                              delivery_timeout=self._delivery_timeout, max_attempts=self._bot.settings.outbox_max_attempts,
                              backoff=REPLY_BACKOFF, on_give_up=failures.gave_up)
        self._tasks = []
        if self._delivers:
            self._tasks.append(asyncio.create_task(worker.run_forever(self._stop, self._idle_seconds, wake=wake)))
            if self._bot.engine.dialect.name == "postgresql":
                self._tasks.append(asyncio.create_task(listen_for_outbox(self._bot.engine.url, wake.set)))
        if self._runs_turns:
            self._tasks.append(asyncio.create_task(self._sweep()))
            await self._resume()

    async def receive(self, messages: Sequence[InboundMessage]) -> int:
        """Commit ``messages`` to the inbox, then queue their turns; returns how many were new
        (a redelivered event is dropped). Once this returns, the platform may be told."""
        if self._lanes is None or not self._runs_turns:
            raise RuntimeError("the runtime receives events once started, and only when it runs turns")
        stored = await asyncio.to_thread(self.inbox.store, messages)
        for event in stored:
            self._lanes.submit(event)
        return len(stored)

    async def settled(self) -> None:
        """Return once no turn is queued or running (tests, benchmarks)."""
        if self._lanes is not None:
            await self._lanes.idle()

    async def drained(self, timeout: float = 10.0) -> None:
        """Return once no turn is queued or running and no outbox row of our platforms is due:
        what was received has been answered (tests, benchmarks). Raises ``TimeoutError`` after ``timeout``."""
        loop = asyncio.get_running_loop()
        deadline = loop.time() + timeout
        while True:
            async with asyncio.timeout(max(deadline - loop.time(), 0.001)):
                await self.settled()
            due = await asyncio.to_thread(self._due)
            if due == 0 and (self._lanes is None or self._lanes.busy == 0):
                return
            if loop.time() >= deadline:
                raise TimeoutError(f"{due} outbox row(s) still due after {timeout:.0f}s")
            await asyncio.sleep(0.005)

    def _due(self) -> int:
        with self._bot.sessions() as session:
            return due_count(session, self._bot.clock(), self._couriers.keys())

    async def stop(self, grace: float = 1.0) -> None:
        """Finish the turns and deliveries under way for ``grace`` seconds; what is left stays stored."""
        if self._lanes is None:
            return  # not started, or stopped already
        self._stop.set()
        await self._lanes.close(grace)
        # The worker (first, when delivering) ends by itself on the stop; the others are cancelled.
        worker, others = (self._tasks[0], self._tasks[1:]) if self._delivers and self._tasks else (None, self._tasks)
        for task in others:
            task.cancel()
        with contextlib.suppress(asyncio.CancelledError):
            await asyncio.gather(*([worker] if worker else []), *others, return_exceptions=True)
        if self._unsubscribe is not None:
            self._unsubscribe()
            self._unsubscribe = None
        self._tasks, self._lanes = [], None

    async def _run(self, row_id: int) -> None:
        await asyncio.to_thread(self._turns.run, row_id)

    async def _resume(self) -> None:
        waiting = await asyncio.to_thread(self.inbox.waiting)
        if waiting:
            log.warning("resuming %d inbound event(s) stored but not processed", len(waiting))
        assert self._lanes is not None
        for event in waiting:
            self._lanes.submit(event)

    async def _sweep(self) -> None:
        older = timedelta(seconds=self._sweep_seconds)
        while not self._stop.is_set():
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(self._stop.wait(), self._sweep_seconds)
            if self._stop.is_set() or self._lanes is None:
                return
            try:
                waiting = await asyncio.to_thread(self.inbox.waiting, older_than=older)
            except Exception:
                log.exception("inbox sweep failed")
                continue
            for event in waiting:
                self._lanes.submit(event)

    def _apology(self, message: InboundMessage) -> Reply:
        privately = message.button_id is not None or bool(message.edits)
        return self._bot.facade.apology(message.sender.locale, privately=privately)
