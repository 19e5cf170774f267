"""Seeded random faults for the fake platforms: what a real API does to a client on a bad day.

Each API call draws at most one fault, from rates the test chooses:

- ``RATE_LIMITED``: a 429 and a wait (Telegram: ``parameters.retry_after`` in the JSON body; Slack:
  the ``Retry-After`` header and ``"error": "ratelimited"``). Nothing is applied.
- ``SERVER_ERROR``: a 5xx. Nothing is applied.
- ``SLOW``: applied and answered normally, after a delay.
- ``LOST_ACK``: the call *is applied* (a message is recorded as delivered) but the client never
  learns it: the answer is a 5xx (``ACK_STATUS``), the connection is cut (``ACK_CUT``), or the
  answer is held past the client's read timeout (``ACK_HANG``).

The same seed gives the same sequence of draws; each fake keeps a count of what it injected.
"""

from __future__ import annotations

import enum
import random
from collections import Counter
from dataclasses import dataclass, field


class FaultKind(str, enum.Enum):
    RATE_LIMITED = "429"
    SERVER_ERROR = "5xx"
    SLOW = "slow"
    ACK_STATUS = "lost ack (5xx)"
    ACK_CUT = "lost ack (cut)"
    ACK_HANG = "lost ack (timeout)"

    @property
    def applies(self) -> bool:
        """Whether the platform carries out the call despite the fault."""
        return self not in {FaultKind.RATE_LIMITED, FaultKind.SERVER_ERROR}


@dataclass(frozen=True)
class Fault:
    kind: FaultKind
    delay: float = 0.0  # SLOW and ACK_HANG: seconds before the answer
    retry_after: int = 0  # RATE_LIMITED
    status: int = 0  # SERVER_ERROR and ACK_STATUS


@dataclass(frozen=True)
class FaultRates:
    """Probabilities per call (their sum at most 1) and the shape of each fault."""

    rate_limited: float = 0.0
    server_error: float = 0.0
    slow: float = 0.0
    lost_ack: float = 0.0
    retry_after: tuple[int, int] = (1, 2)
    slow_seconds: tuple[float, float] = (0.2, 1.5)
    hang_seconds: float = 0.0  # 0: a lost ack is a 5xx or a cut, never a hang (a client waiting 30 s is not timed out)
    spared: frozenset[str] = frozenset()  # methods never faulted (start-up calls, say)

    @classmethod
    def bad_day(cls, *, hang_seconds: float = 0.0, spared: frozenset[str] = frozenset()) -> FaultRates:
        """The campaign's default mix: about one call in seven goes wrong."""
        return cls(rate_limited=0.04, server_error=0.04, slow=0.04, lost_ack=0.03,
                   hang_seconds=hang_seconds, spared=spared)


@dataclass
class FaultPlan:
    rates: FaultRates
    seed: int = 0
    injected: Counter[FaultKind] = field(default_factory=Counter)

    def __post_init__(self) -> None:
        self._random = random.Random(self.seed)

    def draw(self, method: str) -> Fault | None:
        rates, rng = self.rates, self._random
        if method in rates.spared:
            return None
        roll = rng.random()
        fault: Fault | None = None
        if roll < (edge := rates.rate_limited):
            fault = Fault(FaultKind.RATE_LIMITED, retry_after=rng.randint(*rates.retry_after))
        elif roll < (edge := edge + rates.server_error):
            fault = Fault(FaultKind.SERVER_ERROR, status=rng.choice((500, 502, 503)))
        elif roll < (edge := edge + rates.slow):
            fault = Fault(FaultKind.SLOW, delay=rng.uniform(*rates.slow_seconds))
        elif roll < edge + rates.lost_ack:
            kinds = [FaultKind.ACK_STATUS, FaultKind.ACK_CUT] + ([FaultKind.ACK_HANG] if rates.hang_seconds else [])
            kind = rng.choice(kinds)
            fault = Fault(kind, delay=rates.hang_seconds, status=502 if kind is FaultKind.ACK_STATUS else 0)
        if fault is not None:
            self.injected[fault.kind] += 1
        return fault


def no_faults() -> FaultPlan:
    return FaultPlan(FaultRates())
