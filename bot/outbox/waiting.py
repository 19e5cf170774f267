"""Waiting for the first of several events, with a deadline: how an idle outbox worker sleeps."""

from __future__ import annotations

import asyncio


async def first_of(stop: asyncio.Event, wake: asyncio.Event, timeout: float) -> None:
    """Wait until ``stop`` or ``wake`` is set, or ``timeout`` seconds."""
    waits = {asyncio.ensure_future(stop.wait()), asyncio.ensure_future(wake.wait())}
    try:
        await asyncio.wait(waits, timeout=timeout, return_when=asyncio.FIRST_COMPLETED)
    finally:
        for waiting in waits:
            waiting.cancel()
