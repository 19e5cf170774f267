"""Wall time of whole commands, each beside baselines in the same run, runs interleaved (A B C A B C...)
so that a machine whose speed drifts moves every column alike; min, median and max of each.

``supportbot chat`` is timed to its first prompt: it runs on a pseudo-terminal (as a person starts it)
and the clock stops when ``> `` is printed, on a database migrated beforehand.

With ``before``, a source tree of an earlier version (``git archive main | tar -x -C DIR``), the same
supportbot commands also run from it, with the same libraries (``PYTHONPATH=DIR``), in the same
rounds: the change measured side by side.
"""

from __future__ import annotations

import os
import pty
import select
import statistics
import subprocess
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path

BIN = Path(sys.executable).parent
# A typer application with two commands: the floor of any typer CLI's --help.
BARE_TYPER = ("import typer\napp = typer.Typer(help='x', no_args_is_help=True)\n@app.command()\ndef a() -> None: 'A'\n"
              "@app.command()\ndef b() -> None: 'B'\napp()")


@dataclass
class Timed:
    name: str
    argv: list[str]
    until_prompt: bool = False
    source: Path | None = None  # another source tree to run the command from
    seconds: list[float] = field(default_factory=list)
    peak_mb: list[float] = field(default_factory=list)


def commands(before: Path | None = None) -> list[Timed]:
    python, supportbot = str(BIN / "python"), str(BIN / "supportbot")
    timed = [
        Timed("python -c pass", [python, "-c", "pass"]),
        Timed("python -c 'import sqlalchemy'", [python, "-c", "import sqlalchemy"]),
        Timed("a bare typer app --help", [python, "-c", BARE_TYPER, "--help"]),
    ]
    ours = [("supportbot --help", ["--help"], False), ("supportbot tickets --help", ["tickets", "--help"], False),
            ("supportbot chat, to its first prompt", ["chat", "--user", "bench"], True)]
    for name, args, until_prompt in ours:
        timed.append(Timed(name, [supportbot, *args], until_prompt))
        if before is not None:
            timed.append(Timed(f"  before: {name}", [python, "-m", "adapters.cli.main", *args], until_prompt, before))
    return timed


def _finish(process: subprocess.Popen[bytes], started: float, command: Timed) -> None:
    _, status, usage = os.wait4(process.pid, 0)
    command.seconds.append(time.perf_counter() - started)
    command.peak_mb.append(usage.ru_maxrss / 1024)
    process.returncode = os.waitstatus_to_exitcode(status)
    if process.returncode != 0:
        raise RuntimeError(f"{command.name} exited with {process.returncode}")


def run_once(command: Timed, env: dict[str, str], cwd: Path) -> None:
    if command.source is not None:
        env = {**env, "PYTHONPATH": str(command.source)}
    if not command.until_prompt:
        started = time.perf_counter()
        process = subprocess.Popen(command.argv, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, env=env, cwd=cwd)
        _finish(process, started, command)
        return
    leader, follower = pty.openpty()
    started = time.perf_counter()
    process = subprocess.Popen(command.argv, stdin=follower, stdout=follower, stderr=follower, env=env, cwd=cwd)
    os.close(follower)
    seen = b""
    try:
        while not seen.endswith(b"> "):
            ready, _, _ = select.select([leader], [], [], 60)
            if not ready:
                raise RuntimeError(f"{command.name}: no prompt within 60 s; it printed {seen[-500:]!r}")
            try:
                seen += os.read(leader, 4096)
            except OSError as error:  # the command ended (EIO on a closed terminal)
                raise RuntimeError(f"{command.name} ended before its prompt: {seen[-1000:]!r}") from error
        prompt_at = time.perf_counter()
        os.write(leader, b"\x04")  # end of input: the console stops
        while select.select([leader], [], [], 10)[0]:
            try:
                if not os.read(leader, 4096):
                    break
            except OSError:  # the other side closed
                break
        _finish(process, started, command)
        command.seconds[-1] = prompt_at - started
    finally:
        os.close(leader)


def time_commands(runs: int, env: dict[str, str], cwd: Path, before: Path | None = None) -> list[Timed]:
    timed = commands(before)
    for command in timed:  # warm-up: the file cache, .pyc files, the database's migrations
        run_once(command, env, cwd)
        command.seconds.clear()
        command.peak_mb.clear()
    for _ in range(runs):
        for command in timed:
            run_once(command, env, cwd)
    return timed


def report(timed: list[Timed]) -> str:
    width = max(len(c.name) for c in timed)
    lines = [f"{'command':<{width}}  {'min s':>6} {'median s':>8} {'max s':>6}  {'peak RSS MB':>11}"]
    for c in timed:
        lines.append(f"{c.name:<{width}}  {min(c.seconds):>6.3f} {statistics.median(c.seconds):>8.3f} "
                     f"{max(c.seconds):>6.3f}  {statistics.median(c.peak_mb):>11.0f}")
    return "\n".join(lines)



def own_rss_mb() -> float:
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    return 0.0
