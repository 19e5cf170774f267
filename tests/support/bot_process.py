"""The real ``supportbot run`` as a subprocess: started, killed with SIGKILL, started again.

It runs in its own process group and working directory (no ``.env`` of the developer's is
read), with only the settings given; whatever happens to the test, :meth:`BotProcess.close`
(or leaving the ``with`` block) ends the group, so no bot outlives its test.
"""

from __future__ import annotations

import ctypes
import os
import signal
import subprocess
import sys
import time
from pathlib import Path
from types import TracebackType
from typing import IO

_INHERITED = ("PATH", "HOME", "LANG", "LC_ALL", "TZ", "PYTHONPATH", "TMPDIR")
_PR_SET_PDEATHSIG = 1


def _die_with_parent() -> None:
    """In the child, before exec: Linux kills it when the test process dies, however that dies."""
    try:
        ctypes.CDLL(None, use_errno=True).prctl(_PR_SET_PDEATHSIG, int(signal.SIGKILL), 0, 0, 0)
    except (OSError, AttributeError):  # not Linux: close() and the with block still end it
        pass


def supportbot_command() -> list[str]:
    """The installed console script beside this interpreter, else the module."""
    script = Path(sys.executable).parent / "supportbot"
    return [str(script)] if script.exists() else [sys.executable, "-m", "adapters.cli.main"]


class BotProcess:
    def __init__(self, settings: dict[str, str], workdir: Path, command: list[str] | None = None) -> None:
        """``command``: another program to run the same way (the benchmark's echo bots); default ``supportbot run``."""
        self.env = {k: v for k, v in os.environ.items() if k in _INHERITED} | settings
        self.command = command or [*supportbot_command(), "run"]
        self.workdir = workdir
        self.log_path = workdir / "supportbot.log"
        self.starts = self.kills = self.deaths = 0
        self._process: subprocess.Popen[bytes] | None = None
        self._log: IO[bytes] | None = None

    def __enter__(self) -> BotProcess:
        return self

    def __exit__(self, kind: type[BaseException] | None, error: BaseException | None, trace: TracebackType | None) -> None:
        self.close()

    @property
    def running(self) -> bool:
        return self._process is not None and self._process.poll() is None

    @property
    def pid(self) -> int | None:
        """The running child's process id (benchmarks read its CPU time in /proc), else None."""
        return self._process.pid if self.running and self._process is not None else None

    def start(self) -> None:
        if self.running:
            return
        if self._process is not None:  # it died by itself (a crash at start-up, say)
            self.deaths += 1
        self.workdir.mkdir(parents=True, exist_ok=True)
        if self._log is None:
            self._log = self.log_path.open("ab")
        self._log.write(f"\n=== start {self.starts + 1} at {time.strftime('%H:%M:%S')} ===\n".encode())
        self._log.flush()
        self._process = subprocess.Popen(
            self.command, cwd=self.workdir, env=self.env, stdin=subprocess.DEVNULL,
            stdout=self._log, stderr=subprocess.STDOUT, start_new_session=True, preexec_fn=_die_with_parent,
        )
        self.starts += 1

    def kill(self) -> None:
        """SIGKILL: no clean-up of any kind, as when the machine or the container dies."""
        if self.running:
            self._signal(signal.SIGKILL)
            self.kills += 1
        self._reap()

    def stop(self, timeout: float = 10.0) -> None:
        """SIGTERM, the way an operator stops it; SIGKILL if it does not end within ``timeout``."""
        if self.running:
            self._signal(signal.SIGTERM)
            try:
                assert self._process is not None
                self._process.wait(timeout)
            except subprocess.TimeoutExpired:
                self._signal(signal.SIGKILL)
        self._reap()

    def close(self) -> None:
        self.stop(timeout=5.0)
        if self._log is not None:
            self._log.close()
            self._log = None

    def log_tail(self, lines: int = 40) -> str:
        if not self.log_path.exists():
            return ""
        return "\n".join(self.log_path.read_text(errors="replace").splitlines()[-lines:])

    def _signal(self, signum: int) -> None:
        assert self._process is not None
        try:
            os.killpg(self._process.pid, signum)  # the group this process leads, and nothing else
        except ProcessLookupError:
            pass

    def _reap(self) -> None:
        if self._process is not None:
            try:
                self._process.wait(10)
            except subprocess.TimeoutExpired:
                self._signal(signal.SIGKILL)
                self._process.wait(10)
            self._process = None
