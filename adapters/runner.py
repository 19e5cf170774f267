"""Run the configured platforms in one process: Slack and/or Telegram, the runtime (durable
inbox, lanes, and the outbox worker that delivers every message through the platforms'
couriers), and the SLA watch; or one role of these (:mod:`bot.runtime.roles`).
Stops on SIGINT/SIGTERM within a second or two: receiving stops
first, turns and deliveries under way get a second, and whatever is left stays stored for the
next start."""

from __future__ import annotations

import asyncio
import logging
import signal
import socket
import uuid
from collections.abc import Sequence
from typing import Protocol

from bot.bootstrap import SupportBot
from bot.delivery import Courier
from bot.inbox import Receiver
from bot.lifecycle.sla_watch import SlaWatch
from bot.messages import Platform
from bot.observability.health import Check, CheckResult, Readiness
from bot.outbox.retention import Retention, RetentionJob
from bot.runtime import Runtime
from bot.runtime.roles import Role

log = logging.getLogger(__name__)

SHUTDOWN_GRACE = 1.0  # seconds given to turns and deliveries under way on SIGTERM


class PlatformService(Protocol):
    @property
    def courier(self) -> Courier: ...

    async def start(self) -> None: ...

    async def open_for_sending(self) -> None: ...

    async def stop(self) -> None: ...

    async def health(self) -> tuple[bool, str]: ...


class Companion(Protocol):
    """Something served beside the platforms for as long as they run (the web desk, the operator's endpoints)."""

    async def start(self) -> None: ...

    async def stop(self) -> None: ...


def configured_services(bot: SupportBot, receiver: Receiver) -> dict[Platform, PlatformService]:
    services: dict[Platform, PlatformService] = {}
    if bot.settings.slack_configured:
        from adapters.slack.service import SlackService

        services[Platform.SLACK] = SlackService(bot, receiver)
    if bot.settings.telegram_configured:
        from adapters.telegram.service import TelegramService

        services[Platform.TELEGRAM] = TelegramService(bot, receiver)
    return services


async def run_platforms(
    bot: SupportBot, watch: SlaWatch, stop: asyncio.Event | None = None, *,
    companions: Sequence[Companion] = (), readiness: Readiness | None = None, role: Role = Role.ALL,
) -> int:
    """Run until SIGINT/SIGTERM (or until ``stop`` is set, for embedding and tests).

    ``companions`` start first (the operator's endpoints answer while platforms connect) and stop
    last; each platform adds its own check to ``readiness`` once started. ``role``: what this
    process does (:mod:`bot.runtime.roles`); a platform is started only to send on a worker."""
    runtime_id = f"{socket.gethostname()}-{uuid.uuid4().hex[:8]}"
    runtime = Runtime(bot, runtime_id, lanes=bot.settings.turn_lanes, idle_seconds=bot.settings.outbox_poll_seconds,
                      turns=role.receives, deliver=role.delivers)
    services = configured_services(bot, runtime) if role.receives or role.delivers else {}
    for service in services.values():
        runtime.add_courier(service.courier)
    if stop is None:
        stop = asyncio.Event()
        loop = asyncio.get_running_loop()
        for signum in (signal.SIGINT, signal.SIGTERM):
            loop.add_signal_handler(signum, stop.set)
    started: list[PlatformService] = []
    running: list[Companion] = []
    try:
        for companion in companions:
            await companion.start()
            running.append(companion)
        await runtime.start()
        for platform, service in services.items():
            if not role.receives:  # a worker: the couriers send, nothing is received
                await service.open_for_sending()
                started.append(service)
                continue
            if readiness is not None:
                readiness.add(platform.value, _not_started)
            await service.start()
            started.append(service)
            if readiness is not None:
                readiness.add(platform.value, _health_of(service))
            log.warning("%s connected", platform.value)
        log.warning("running as %s", role.value)
        if role.watches:
            await asyncio.gather(watch.run_forever(stop), retention_job(bot, runtime_id).run_forever(stop))
        else:
            await stop.wait()
    finally:
        for service in reversed(started):
            await service.stop()
        await runtime.stop(grace=SHUTDOWN_GRACE)
        for companion in reversed(running):
            await companion.stop()
    return 0


def retention_job(bot: SupportBot, holder: str) -> RetentionJob:
    """Old inbox and outbox rows pruned every hour, by one process at a time (bot.outbox.retention)."""
    return RetentionJob(bot.sessions, Retention.from_settings(bot.settings), bot.clock, holder)


async def _not_started() -> CheckResult:
    return CheckResult(False, "starting")


def _health_of(service: PlatformService) -> Check:
    async def check() -> CheckResult:
        ok, detail = await service.health()
        return CheckResult(ok, detail)

    return check
