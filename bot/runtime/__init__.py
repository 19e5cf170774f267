"""The runtime pipeline: durable inbox, lanes, turns, outbox worker (see :mod:`bot.runtime.runtime`)."""

from bot.runtime.runtime import Runtime

__all__ = ["Runtime"]
