"""``python -m benchmarks.footprint`` (``make bench-footprint``): start-up time and resident memory.

1. Start-up: ``supportbot --help``, ``supportbot tickets --help`` and ``supportbot chat`` to its
   first prompt, beside ``python -c pass``, a bare ``import sqlalchemy`` and a bare typer app's
   ``--help`` (startup.py).
2. Memory: the knowledge base's models and index in a fresh process each (kb_memory.py); then
   ``supportbot run`` on Telegram idle and under load, beside a bare python-telegram-bot echo bot on
   the same fake Bot API (resident.py).
"""

from __future__ import annotations

import argparse
import asyncio
import os
import sys
import tempfile
from pathlib import Path


def main() -> None:
    parser = argparse.ArgumentParser(prog="python -m benchmarks.footprint", description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=7, help="timed runs of each command")
    parser.add_argument("--customers", type=int, default=20, help="simultaneous Telegram customers under load")
    parser.add_argument("--only", choices=["startup", "kb", "resident"], help="one part only")
    parser.add_argument("--before", type=Path, metavar="DIR",
                        help="also measure the source tree in DIR (e.g. git archive main | tar -x -C DIR), same libraries")
    args = parser.parse_args()
    print(f"{os.cpu_count()} CPUs, Python {sys.version.split()[0]}", flush=True)
    if args.only in (None, "startup"):
        # This process stays small while it times the others: a child's peak RSS counts what it
        # shared with its parent between fork and exec.
        from benchmarks.footprint import startup

        with tempfile.TemporaryDirectory(prefix="bench-startup-") as folder:
            env = {k: v for k, v in os.environ.items() if not k.startswith("SUPPORTBOT_")}
            env["SUPPORTBOT_DATABASE_URL"] = f"sqlite:///{Path(folder) / 'supportbot.db'}"
            timed = startup.time_commands(args.runs, env, Path(folder), args.before)
        own = startup.own_rss_mb()
        print(f"\nStart-up, wall time over {args.runs} interleaved runs after a warm-up (peak RSS: the median run's, "
              f"at least the {own:.0f} MB of this process, which a child shares until it runs its command)")
        print(startup.report(timed), flush=True)
    if args.only in (None, "kb"):
        from benchmarks.footprint import kb_memory

        print("\nThe knowledge base's memory, each line in a fresh process (RSS growth while loading it)")
        print(kb_memory.report(args.before), flush=True)
    if args.only in (None, "resident"):
        from benchmarks.footprint import resident

        kinds = ["bot", *(["before"] if args.before else []), "echo"]
        rows = [asyncio.run(resident.measure(kind, args.customers, args.before)) for kind in kinds]
        print(f"\nResident memory (MB) of a running bot, idle and under {args.customers} simultaneous customers")
        print(resident.report(rows), flush=True)


if __name__ == "__main__":
    main()
