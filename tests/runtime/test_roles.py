"""Roles split over processes: ``supportbot run --role ingress`` receives and runs the turns,
``--role worker`` delivers the outbox, ``--role sla`` watches, on one PostgreSQL; and SQLite refuses the split.

Black-box, as in the fault campaigns: real subprocesses against the fake Slack and Telegram, a
crowd doing whole intakes, the tally read from what the fakes recorded. An ingress delivers
nothing (it has no outbox worker): every answer the crowd gets went through the worker.
"""

from __future__ import annotations

import asyncio
import subprocess
import time
from collections import Counter
from pathlib import Path

import pytest

from tests.fault.campaign import CampaignPlan, drain_until_carded, tally_of, verdict
from tests.support.bot_process import BotProcess, supportbot_command
from tests.support.crowd.crowd import crowd
from tests.support.crowd.platforms import Platforms
from tests.support.crowd.report import render

CUSTOMERS = {"telegram": 3, "slack": 2}


@pytest.mark.postgres
async def test_an_ingress_and_a_worker_serve_whole_intakes(postgres_url: str, tmp_path: Path) -> None:
    plan = CampaignPlan(kills=False, faults=False, telegram_customers=CUSTOMERS["telegram"],
                        slack_customers=CUSTOMERS["slack"], duration=60.0, drain=30.0)
    platforms = await Platforms.start(telegram=True, slack=True)
    try:
        settings = platforms.bot_settings(postgres_url)
        ingress = BotProcess(settings, tmp_path / "ingress", [*supportbot_command(), "run", "--role", "ingress"])
        worker = BotProcess(settings, tmp_path / "worker", [*supportbot_command(), "run", "--role", "worker"])
        sla = BotProcess(settings, tmp_path / "sla", [*supportbot_command(), "run", "--role", "sla"])
        with ingress, worker, sla:
            ingress.start()
            worker.start()
            sla.start()
            people = crowd(platforms, telegram=plan.telegram_customers, slack=plan.slack_customers, seed=plan.seed,
                           patience=plan.patience)
            deadline = time.monotonic() + plan.duration
            await asyncio.gather(*(customer.intake(deadline) for customer in people))
            await drain_until_carded(platforms, postgres_url, plan.drain)
            tally = tally_of(platforms, people, postgres_url)
            logs = f"ingress:\n{ingress.log_tail(15)}\nworker:\n{worker.log_tail(15)}\nsla:\n{sla.log_tail(15)}"
            assert ingress.running and worker.running and sla.running, logs
            sla_log = sla.log_tail(200)
    finally:
        await platforms.stop()
    table = render(tally, "ingress + worker on PostgreSQL")
    assert not verdict(tally, plan), "\n".join([*verdict(tally, plan), table, logs])
    assert tally.duplicates == 0, table
    assert tally.tickets_per_customer == Counter({1: sum(CUSTOMERS.values())}), table
    assert "running as ingress" in ingress.log_tail(200) and "running as worker" in worker.log_tail(200)
    assert "running as sla" in sla_log and "connected" not in sla_log  # the sla process receives nothing


@pytest.mark.parametrize("role", ["ingress", "worker", "sla"])
def test_sqlite_refuses_a_split_and_says_why(sqlite_url: str, tmp_path: Path, role: str) -> None:
    done = subprocess.run([*supportbot_command(), "run", "--role", role], cwd=tmp_path, capture_output=True, text=True,
                          env={"PATH": "/usr/bin:/bin", "SUPPORTBOT_DATABASE_URL": sqlite_url}, timeout=60)
    assert done.returncode == 2
    assert f"--role {role}" in done.stderr and "PostgreSQL" in done.stderr and "--role all" in done.stderr


def test_an_unknown_role_is_refused(sqlite_url: str, tmp_path: Path) -> None:
    done = subprocess.run([*supportbot_command(), "run", "--role", "everything"], cwd=tmp_path, capture_output=True,
                          text=True, env={"PATH": "/usr/bin:/bin", "SUPPORTBOT_DATABASE_URL": sqlite_url}, timeout=60)
    assert done.returncode == 2
    assert "ingress, worker, sla, all" in done.stderr
