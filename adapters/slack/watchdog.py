"""A Socket Mode connection that goes quiet is replaced.

slack_sdk pings the server every ``ping_interval`` and reconnects when pongs stop for four
intervals, but only while its monitor task is alive and its reconnect flag is set; a connection
that still looks open while nothing arrives (no pong, no message) can otherwise stay dead for
minutes. The watchdog is a second, independent clock: every ``quiet / 3`` seconds it pings the
current connection itself (with the SDK's own payload, so the SDK records the pong), and when
nothing at all came back for ``quiet`` seconds (no pong, no message) it opens a new connection.
"""

from __future__ import annotations

import asyncio
import logging
import time
from contextlib import suppress
from typing import Any

from slack_sdk.socket_mode.aiohttp import SocketModeClient

log = logging.getLogger(__name__)


class SocketWatchdog:
    def __init__(self, client: SocketModeClient, quiet: float) -> None:
        if quiet <= 0:
            raise ValueError(f"the Socket Mode watchdog needs a quiet time above 0 seconds, got {quiet}")
        self.client = client
        self.quiet = quiet
        self.reconnections = 0
        self._last_message = time.time()
        self._task: asyncio.Task[None] | None = None
        client.message_listeners.append(self._heard)

    def start(self) -> None:
        self._last_message = time.time()
        self._task = asyncio.create_task(self._watch(), name="slack-socket-watchdog")

    async def stop(self) -> None:
        if self._task is not None:
            self._task.cancel()
            with suppress(asyncio.CancelledError):
                await self._task
            self._task = None

    def quiet_for(self) -> float:
        """Seconds since the server last said anything (a message, or a pong to a ping)."""
        heard = max(self._last_message, self.client.last_ping_pong_time or 0.0)
        return time.time() - heard

    async def _heard(self, _client: Any, _message: dict[str, Any], _raw: str | None) -> None:
        self._last_message = time.time()

    async def _watch(self) -> None:
        while not self.client.closed:
            await asyncio.sleep(self.quiet / 3)
            await self._probe()
            if self.quiet_for() > self.quiet:
                await self._reconnect()

    async def _probe(self) -> None:
        session = self.client.current_session
        if session is None or session.closed:
            return
        try:
            await session.ping(f"sdk-ping-pong:{time.time()}".encode())
        except Exception as error:  # noqa: BLE001 - a failing ping is what the quiet check is for
            log.info("Socket Mode watchdog could not ping: %r", error)

    async def _reconnect(self) -> None:
        log.warning("Slack Socket Mode connection quiet for %.0fs (no pong, no message): reconnecting", self.quiet_for())
        self.reconnections += 1
        self._last_message = time.time()  # give the new connection its own quiet time
        try:
            await self.client.connect_to_new_endpoint(force=True)
        except Exception:
            log.exception("Socket Mode reconnection failed; the watchdog tries again in %.0fs", self.quiet)
