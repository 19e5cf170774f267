"""``LISTEN supportbot_outbox`` on PostgreSQL: another process's commit wakes this process's worker."""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Callable

from sqlalchemy.engine import URL

from bot.outbox.signal import CHANNEL

log = logging.getLogger(__name__)

RECONNECT_SECONDS = 2.0


async def listen_for_outbox(url: URL, wake: Callable[[], None]) -> None:
    """Call ``wake`` on every notification, until cancelled; reconnects when the connection drops
    (and wakes once then, since notifications may have been missed meanwhile)."""
    import psycopg

    dsn = url.set(drivername="postgresql").render_as_string(hide_password=False)
    while True:
        try:
            async with await psycopg.AsyncConnection.connect(dsn, autocommit=True) as connection:
                await connection.execute(f"LISTEN {CHANNEL}")
                wake()
                async for _ in connection.notifies():
                    wake()
        except psycopg.Error as error:
            log.warning("LISTEN %s lost (%s); again in %.0fs", CHANNEL, error, RECONNECT_SECONDS)
        await asyncio.sleep(RECONNECT_SECONDS)
