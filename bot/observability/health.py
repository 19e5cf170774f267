"""Liveness and readiness: small named checks that the runtime adds to as it starts things.

``/healthz`` answers as long as the process serves requests. ``/readyz`` runs every check:
the database answers, each platform is connected, no outbox message has waited too long, the
Telegram webhook is where it should be. A check returns a :class:`CheckResult`; one that raises
or takes longer than its timeout is a failed check, never a crashed probe.
"""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from datetime import datetime, timedelta

from sqlalchemy import text
from sqlalchemy.orm import Session, sessionmaker

from bot.observability.figures import outbox_figures

CHECK_TIMEOUT = 3.0


@dataclass(frozen=True)
class CheckResult:
    ok: bool
    detail: str = ""
    data: dict[str, object] = field(default_factory=dict)


Check = Callable[[], Awaitable[CheckResult]]


@dataclass(frozen=True)
class ReadinessReport:
    ready: bool
    checks: dict[str, CheckResult]

    def as_dict(self) -> dict[str, object]:
        return {"ready": self.ready, "checks": {
            name: {"ok": r.ok, "detail": r.detail, **r.data} for name, r in self.checks.items()}}


class Readiness:
    def __init__(self) -> None:
        self._checks: dict[str, Check] = {}

    def add(self, name: str, check: Check) -> None:
        self._checks[name] = check

    def remove(self, name: str) -> None:
        self._checks.pop(name, None)

    async def report(self) -> ReadinessReport:
        names = list(self._checks)
        results = await asyncio.gather(*(_run(self._checks[n]) for n in names))
        checks = dict(zip(names, results, strict=True))
        return ReadinessReport(all(r.ok for r in results), checks)


async def _run(check: Check) -> CheckResult:
    try:
        async with asyncio.timeout(CHECK_TIMEOUT):
            return await check()
    except TimeoutError:
        return CheckResult(False, f"no answer within {CHECK_TIMEOUT:g} s")
    except Exception as error:  # noqa: BLE001 - a failing check is a finding, not a crash
        return CheckResult(False, f"{type(error).__name__}: {_first_line(error)}")


def _first_line(error: Exception) -> str:
    return (str(error).strip().splitlines() or [""])[0][:300]


def database_check(sessions: sessionmaker[Session]) -> Check:
    def probe() -> CheckResult:
        with sessions() as session:
            session.execute(text("SELECT 1"))
        return CheckResult(True, "reachable")

    async def check() -> CheckResult:
        return await asyncio.to_thread(probe)

    return check


def outbox_check(sessions: sessionmaker[Session], clock: Callable[[], datetime], max_age: timedelta) -> Check:
    """Unready when a message has waited longer than ``max_age``: cards and notices are not getting through."""

    def probe() -> CheckResult:
        with sessions() as session:
            outbox = outbox_figures(session, clock())
        age = outbox.oldest_pending_seconds
        data: dict[str, object] = {"oldest_pending_seconds": round(age, 1), "failed": outbox.failed}
        if not outbox.pending:
            return CheckResult(True, "nothing waiting", data)
        ok = age <= max_age.total_seconds()
        detail = "delivering" if ok else f"a message has waited {age:.0f} s (limit {max_age.total_seconds():.0f} s)"
        return CheckResult(ok, detail, data)

    async def check() -> CheckResult:
        return await asyncio.to_thread(probe)

    return check
