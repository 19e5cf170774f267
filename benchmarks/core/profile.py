"""Where a turn's CPU goes: single-user intakes under cProfile, in the worker thread that runs the
desk (the profiler is per thread: the event loop and the requesters' script stay out of it)."""

from __future__ import annotations

import asyncio
import cProfile
import pstats
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

from benchmarks.core.intakes import Requesters, Tally
from bot.bootstrap import SupportBot

ROOT = str(Path(__file__).resolve().parents[2])
# Own time (not counting callees) summed by where the code lives.
AREAS = [
    ("SQLAlchemy", ("/sqlalchemy/",)),
    ("database driver", ("sqlite3", "psycopg")),
    ("knowledge base (kb/, numpy, rapidfuzz, stemmers)",
     (f"{ROOT}/kb/", "numpy", "rapidfuzz", "Stemmer", "snowballstemmer")),
    ("bot/ (the desk, intake, tickets, outbox)", (f"{ROOT}/bot/",)),
    ("the rest (standard library: threads, logging, enums, datetime, json...)", ("",)),
]


def _attributed(file: str, name: str, own: float, callers: dict) -> list[tuple[str, float]]:  # type: ignore[type-arg]
    """A C function's own time goes to its callers (``dict.get`` called by SQLAlchemy is
    SQLAlchemy's), in proportion of the time spent in it from each; a driver's or numpy's stays theirs."""
    where = f"{file} {name}"
    if file != "~" or _area(where) != AREAS[-1][0] or not callers:
        return [(where, own)]
    total = sum(edge[2] for edge in callers.values()) or 1.0
    return [(f"{caller[0]} {caller[2]}", own * edge[2] / total) for caller, edge in callers.items()]


def _area(where: str) -> str:
    return next(name for name, marks in AREAS if any(mark in where for mark in marks))


async def profile_turns(bot: SupportBot, intakes: int, top: int) -> str:
    profiler = cProfile.Profile(time.thread_time)  # CPU, not waiting (fsync, locks, the network)
    loop = asyncio.get_running_loop()
    executor = ThreadPoolExecutor(1, initializer=profiler.enable)
    loop.set_default_executor(executor)
    requesters, tally = Requesters("profile"), Tally()
    for _ in range(intakes):
        await requesters.intake(bot, tally)
    await loop.run_in_executor(executor, profiler.disable)
    executor.shutdown()
    stats = pstats.Stats(profiler)
    raw = stats.stats  # type: ignore[attr-defined]  # (file, line, name) -> (calls, primitive, own, cumulative, callers)
    total = sum(own for _, _, own, _, _ in raw.values()) or 1.0
    by_area: dict[str, float] = {}
    for (file, _line, name), (_, _, own, _, callers) in raw.items():
        for where, share in _attributed(file, name, own, callers):
            area = _area(where)
            by_area[area] = by_area.get(area, 0.0) + share
    turns = len(tally.latencies)
    lines = [f"{turns} turns ({intakes} intakes, one requester), {total / turns * 1000:.2f} ms of profiled CPU a turn "
             "(cProfile slows everything: read shares, not times)", "", "own time by area:"]
    lines += [f"  {share / total:6.1%}  {area}" for area, share in sorted(by_area.items(), key=lambda kv: -kv[1])]
    for title, column in (("cumulative", 3), ("own", 2)):
        lines += ["", f"top {top} by {title} time (ms a turn, calls a turn):"]
        for (file, line, name), figures in sorted(raw.items(), key=lambda kv: -kv[1][column])[:top]:
            where = file.replace(ROOT + "/", "").split("site-packages/")[-1]
            lines.append(f"  {figures[column] / turns * 1000:7.2f}  {figures[0] / turns:7.1f}  {where}:{line}({name})")
    return "\n".join(lines)
