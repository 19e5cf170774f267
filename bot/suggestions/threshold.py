"""The confidence a suggestion needs in this deployment, learned from what requesters said.

The engine's confidence was calibrated on other people's articles and messages. Here, every
"This solved my problem" and every "Not this" tells how right it is for this deployment's
articles and users. A single shift of the confidence's log-odds is fitted to those verdicts
(maximum a posteriori, with a prior that keeps it near 0 until there are dozens of them), and
the threshold moves by what the shift implies, within fixed bounds. Nothing new is stored: the
verdicts are the kb_suggestions rows.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import select
from sqlalchemy.orm import Session

from bot.storage.models import SuggestionRow
from bot.suggestions.outcome import RejectionReason, SuggestionOutcome

BOUNDS = (-0.10, 0.15)  # how far the learned threshold may move from the configured one
PRIOR_SD = 0.2  # of the log-odds shift: ~30 verdicts that all disagree move it by 0.5 (0.5 -> 0.62)
REFRESH = timedelta(minutes=5)
# How useful each verdict says the article was: solved 1; related but not the answer (or it did
# not work after all) half; unrelated or "none of these" 0.
_USEFUL = {
    RejectionReason.DID_NOT_ANSWER.value: 0.5, RejectionReason.DID_NOT_WORK.value: 0.5,
    RejectionReason.NOT_RELATED.value: 0.0, RejectionReason.NONE_FIT.value: 0.0,
}


@dataclass(frozen=True)
class LearnedThreshold:
    configured: float
    threshold: float
    verdicts: int  # suggestions a requester decided on
    useful: float  # their observed usefulness, 0 to 1 (0 without verdicts)
    predicted: float  # their mean confidence when shown
    shift: float  # fitted log-odds shift (negative: less right here than the confidence says)

    @property
    def bounds(self) -> tuple[float, float]:
        return _bounded(self.configured, -1.0), _bounded(self.configured, 1.0)

    def explain(self) -> str:
        low, high = self.bounds
        if not self.verdicts:
            return (f"{self.threshold:.2f} (configured {self.configured:.2f}; no verdict yet; "
                    f"learns from Solved / Not this within {low:.2f}-{high:.2f})")
        verdicts = f"{self.verdicts} verdict{'s' if self.verdicts > 1 else ''}"
        return (f"{self.threshold:.2f} (configured {self.configured:.2f}; learned from {verdicts}: "
                f"{self.useful:.0%} useful where the confidence predicted {self.predicted:.0%}; "
                f"bounds {low:.2f}-{high:.2f})")


def learn(configured: float, verdicts: list[tuple[float, float]]) -> LearnedThreshold:
    """`verdicts`: (confidence shown, usefulness 0-1) of each decided suggestion."""
    if not verdicts:
        return LearnedThreshold(configured, configured, 0, 0.0, 0.0, 0.0)
    logits = [_logit(c) for c, _ in verdicts]
    shift = 0.0
    for _ in range(20):  # Newton's method on one variable; the prior keeps it concave
        probabilities = [_sigmoid(z + shift) for z in logits]
        gradient = sum(y - p for (_, y), p in zip(verdicts, probabilities, strict=False)) - shift / PRIOR_SD**2
        curvature = sum(p * (1 - p) for p in probabilities) + 1 / PRIOR_SD**2
        shift += gradient / curvature
    # Shown when the deployment's own probability sigmoid(logit(c) + shift) reaches the configured one.
    moved = _sigmoid(_logit(configured) - shift)
    low, high = _bounded(configured, -1.0), _bounded(configured, 1.0)
    return LearnedThreshold(
        configured=configured, threshold=round(min(max(moved, low), high), 3), verdicts=len(verdicts),
        useful=sum(y for _, y in verdicts) / len(verdicts), predicted=sum(c for c, _ in verdicts) / len(verdicts),
        shift=round(shift, 3),
    )


def verdicts_of(session: Session) -> list[tuple[float, float]]:
    rows = session.execute(
        select(SuggestionRow.confidence, SuggestionRow.outcome, SuggestionRow.reason).where(
            SuggestionRow.outcome != SuggestionOutcome.SHOWN.value
        )
    ).all()
    found = []
    for confidence, outcome, reason in rows:
        if outcome == SuggestionOutcome.SOLVED.value:
            found.append((float(confidence), 1.0))
        elif reason in _USEFUL:
            found.append((float(confidence), _USEFUL[reason]))
    return found


class ThresholdLearner:
    """Recomputes the learned threshold at most every REFRESH (a cheap query, but per message)."""

    def __init__(self, configured: float, clock: Callable[[], datetime], enabled: bool = True) -> None:
        self.configured = configured
        self.enabled = enabled
        self._clock = clock
        self._learned: LearnedThreshold | None = None
        self._at: datetime | None = None

    def current(self, session: Session) -> float:
        if not self.enabled:
            return self.configured
        now = self._clock()
        if self._learned is None or self._at is None or now - self._at >= REFRESH or now < self._at:
            self._learned, self._at = learn(self.configured, verdicts_of(session)), now
        return self._learned.threshold


def _bounded(configured: float, side: float) -> float:
    low, high = BOUNDS
    return round(min(max(configured + (high if side > 0 else low), 0.05), 0.95), 3)


def _logit(p: float) -> float:
    p = min(max(p, 1e-4), 1 - 1e-4)
    return math.log(p / (1 - p))


def _sigmoid(z: float) -> float:
    return 1.0 / (1.0 + math.exp(-max(min(z, 40.0), -40.0)))
