"""Lanes: the turns of one conversation one after the other, conversations side by side.

Each lane (a conversation's key, see :func:`bot.inbox.lane_of`) has at most one task, which
runs its events in the order they were submitted; at most ``width`` turns run at once over all
lanes, so one slow turn holds up its own conversation and nobody else's. A turn that raises
stops its lane: the event stays in the inbox, unprocessed, and the lane's events are submitted
again in order by the next sweep (:meth:`bot.runtime.runtime.Runtime`), never overtaken.
"""

from __future__ import annotations

import asyncio
import logging
from collections import deque
from collections.abc import Awaitable, Callable

from bot.inbox import StoredEvent

log = logging.getLogger(__name__)


class Lanes:
    def __init__(self, run: Callable[[int], Awaitable[None]], width: int) -> None:
        if width < 1:
            raise ValueError(f"lanes need a width of at least 1, got {width}")
        self._run = run
        self._slots = asyncio.Semaphore(width)
        self._queues: dict[str, deque[int]] = {}
        self._known: set[int] = set()
        self._tasks: set[asyncio.Task[None]] = set()
        self._idle = asyncio.Event()
        self._idle.set()

    def submit(self, event: StoredEvent) -> None:
        """Queue the event behind its lane's; an event already queued is ignored."""
        if event.row_id in self._known:
            return
        self._known.add(event.row_id)
        queue = self._queues.get(event.lane)
        if queue is None:
            queue = self._queues[event.lane] = deque()
            task = asyncio.create_task(self._drain(event.lane, queue), name=f"lane {event.lane}")
            self._tasks.add(task)
            task.add_done_callback(self._tasks.discard)
            self._idle.clear()
        queue.append(event.row_id)

    @property
    def busy(self) -> int:
        """Events queued or running."""
        return len(self._known)

    async def idle(self) -> None:
        """Return once every queued event has run (or its lane stopped)."""
        await self._idle.wait()

    async def close(self, grace: float) -> None:
        """Let running turns finish for ``grace`` seconds, then cancel what is left (it stays in the inbox)."""
        for queue in self._queues.values():
            while len(queue) > 1:
                self._known.discard(queue.pop())
        if self._tasks:
            _, pending = await asyncio.wait(set(self._tasks), timeout=grace)
            for task in pending:
                task.cancel()
            await asyncio.gather(*pending, return_exceptions=True)

    async def _drain(self, lane: str, queue: deque[int]) -> None:
        try:
            while queue:
                row_id = queue[0]
                try:
                    async with self._slots:
                        await self._run(row_id)
                except Exception:
                    log.exception("the turn of inbox event %d failed; lane %s waits for the next sweep", row_id, lane)
                    self._known.difference_update(queue)
                    queue.clear()
                    return
                queue.popleft()
                self._known.discard(row_id)
        finally:
            self._known.difference_update(queue)
            if self._queues.get(lane) is queue:
                del self._queues[lane]
            if not self._queues:
                self._idle.set()
