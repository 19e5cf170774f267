"""Resident memory of a running bot, idle and under load, beside a bare python-telegram-bot echo bot
(benchmarks/chat/echo_telegram.py) against the same fake Bot API, read from /proc/PID/status.

``supportbot run`` is the real command, on a SQLite database migrated beforehand (``supportbot db
upgrade``: a bot restarts on its database far more often than it creates one), with Telegram
configured (long polling, an agents' forum group) and the operator's endpoints on. Idle: a few seconds after it first
polls for updates. Under load: ``customers`` customers at once, each doing a whole intake (see
customers.py); the largest resident size sampled while they write, then the size after they are done.
RssAnon is the process's own memory; RssFile the files it maps (shared libraries, memory-mapped
model tables), which the kernel can drop and share between processes.
"""

from __future__ import annotations

import asyncio
import os
import signal
import socket
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

from benchmarks.footprint.customers import Customer
from tests.fakes.telegram import TOKEN, FakeTelegram

ROOT = Path(__file__).resolve().parents[2]
AGENTS_CHAT = -1001987654321
IDLE_SECONDS = 3.0


@dataclass
class Resident:
    name: str
    idle_mb: float = 0.0
    idle_anon_mb: float = 0.0
    idle_file_mb: float = 0.0
    load_peak_mb: float = 0.0
    after_load_mb: float = 0.0
    turns: int = 0
    seconds: float = 0.0


def status(pid: int) -> dict[str, float]:
    """VmRSS, RssAnon, RssFile, VmHWM... in MB."""
    figures = {}
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        key, _, value = line.partition(":")
        if value.strip().endswith("kB"):
            figures[key] = int(value.split()[0]) / 1024
    return figures


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def _command(kind: str, fake: FakeTelegram, folder: Path, before: Path | None) -> tuple[list[str], dict[str, str]]:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("SUPPORTBOT_", "ECHO_"))}
    if kind == "echo":
        env.update(ECHO_TELEGRAM_TOKEN=TOKEN, ECHO_TELEGRAM_API_URL=fake.api_url, PYTHONPATH=str(ROOT))
        return [sys.executable, "-m", "benchmarks.chat.echo_telegram"], env
    env.update(
        SUPPORTBOT_DATABASE_URL=f"sqlite:///{folder / 'supportbot.db'}", SUPPORTBOT_TELEGRAM_BOT_TOKEN=TOKEN,
        SUPPORTBOT_TELEGRAM_API_URL=fake.api_url, SUPPORTBOT_TELEGRAM_FILE_API_URL=fake.file_url,
        SUPPORTBOT_TELEGRAM_AGENTS_CHAT_ID=str(AGENTS_CHAT), SUPPORTBOT_OPS_PORT=str(_free_port()),
        SUPPORTBOT_MESSAGES_PER_MINUTE="10000",
    )
    if kind == "before":
        env["PYTHONPATH"] = str(before)
        return [sys.executable, "-m", "adapters.cli.main", "run"], env
    return [str(Path(sys.executable).parent / "supportbot"), "run"], env


async def measure(kind: str, customers: int, before: Path | None = None) -> Resident:
    names = {"bot": "supportbot run (Telegram)", "before": "  before: supportbot run", "echo": "python-telegram-bot echo bot"}
    result = Resident(names[kind])
    fake = await FakeTelegram().start()
    fake.add_group(AGENTS_CHAT, forum=True)
    with tempfile.TemporaryDirectory(prefix="bench-footprint-") as folder:
        argv, env = _command(kind, fake, Path(folder), before)
        if kind != "echo":
            subprocess.run([*argv[:-1], "db", "upgrade"], env=env, cwd=folder, check=True, stdout=subprocess.DEVNULL)
        process = subprocess.Popen(argv, env=env, cwd=folder, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
        try:
            await fake.wait_for(lambda: fake.called("getUpdates") or process.poll() is not None, timeout=120)
            if process.poll() is not None:
                raise RuntimeError(f"{result.name} stopped: {process.stderr.read().decode()[-2000:] if process.stderr else ''}")
            await asyncio.sleep(IDLE_SECONDS)
            idle = status(process.pid)
            result.idle_mb, result.idle_anon_mb, result.idle_file_mb = idle["VmRSS"], idle["RssAnon"], idle["RssFile"]
            people = [Customer(fake, n) for n in range(customers)]
            load = asyncio.gather(*(c.intake(echo=kind == "echo") for c in people))
            started, peak = time.monotonic(), 0.0
            while not load.done():
                peak = max(peak, status(process.pid)["VmRSS"])
                await asyncio.wait([load], timeout=0.2)
            load.result()
            result.seconds = time.monotonic() - started
            result.load_peak_mb, result.after_load_mb = peak, status(process.pid)["VmRSS"]
            result.turns = sum(len(c.script) + (kind != "echo") for c in people)
        finally:
            process.send_signal(signal.SIGTERM)
            try:
                process.wait(30)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait()
            await fake.stop()
    return result


def report(rows: list[Resident]) -> str:
    lines = [f"{'process':<30} {'idle MB':>8} {'(anon':>6} {'file)':>6} {'peak under load':>15} {'after':>6} "
             f"{'turns':>6} {'in s':>5}"]
    for r in rows:
        lines.append(f"{r.name:<30} {r.idle_mb:>8.0f} {r.idle_anon_mb:>6.0f} {r.idle_file_mb:>6.0f} "
                     f"{r.load_peak_mb:>15.0f} {r.after_load_mb:>6.0f} {r.turns:>6} {r.seconds:>5.1f}")
    return "\n".join(lines)
