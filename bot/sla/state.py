"""Where a ticket stands against its SLA: each milestone's marks and the clock's pauses.

A value object: every change returns a new :class:`SlaState`, which the ticket stores whole
(its ``sla`` column), so the database sees each change. Stored as JSON in the shape rows
have always had: ``{"ack": {"met": iso, "reminded": iso, "breached": iso}, ...,
"pause": {"since": iso | null, "business_seconds": float}}``.
"""

from __future__ import annotations

import enum
from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from datetime import datetime, timedelta
from typing import Any

from bot.sla.policy import SlaMilestone

_PAUSE = "pause"


class MilestoneMark(str, enum.Enum):
    MET = "met"  # an agent did what the milestone asks
    REMINDED = "reminded"  # agents were reminded before it fell due
    BREACHED = "breached"  # it fell due unmet


@dataclass(frozen=True)
class MilestoneState:
    met: datetime | None = None
    reminded: datetime | None = None
    breached: datetime | None = None

    def at(self, mark: MilestoneMark) -> datetime | None:
        moment: datetime | None = getattr(self, mark.value)
        return moment

    def marked(self, mark: MilestoneMark, at: datetime | None) -> MilestoneState:
        return replace(self, **{mark.value: at})

    def as_record(self) -> dict[str, str]:
        return {mark.value: moment.isoformat() for mark in MilestoneMark if (moment := self.at(mark)) is not None}


@dataclass(frozen=True)
class SlaPause:
    """Since when the clock is stopped (None while it runs), and the business time of past pauses."""

    since: datetime | None = None
    total: timedelta = timedelta()

    @property
    def is_paused(self) -> bool:
        return self.since is not None


@dataclass(frozen=True)
class SlaState:
    milestones: Mapping[SlaMilestone, MilestoneState] = field(default_factory=dict)
    pause: SlaPause = SlaPause()

    def __post_init__(self) -> None:
        # Every milestone present, so that two equal states compare equal however they were built.
        full = {m: self.milestones.get(m, MilestoneState()) for m in SlaMilestone}
        object.__setattr__(self, "milestones", full)

    def of(self, milestone: SlaMilestone) -> MilestoneState:
        return self.milestones.get(milestone, MilestoneState())

    def is_marked(self, milestone: SlaMilestone, mark: MilestoneMark) -> bool:
        return self.of(milestone).at(mark) is not None

    def marked(self, milestone: SlaMilestone, mark: MilestoneMark, at: datetime | None) -> SlaState:
        return replace(self, milestones={**self.milestones, milestone: self.of(milestone).marked(mark, at)})

    def paused(self, pause: SlaPause) -> SlaState:
        return replace(self, pause=pause)

    def as_record(self) -> dict[str, Any]:
        record: dict[str, Any] = {m.value: self.of(m).as_record() for m in SlaMilestone}
        record[_PAUSE] = {"since": self.pause.since.isoformat() if self.pause.since else None,
                          "business_seconds": self.pause.total.total_seconds()}
        return record

    @classmethod
    def from_record(cls, record: Mapping[str, Any] | None) -> SlaState:
        """Read :meth:`as_record` back; keys a release does not know are ignored."""
        record = record or {}
        milestones = {}
        for milestone in SlaMilestone:
            entry = record.get(milestone.value) or {}
            milestones[milestone] = MilestoneState(
                **{mark.value: _moment(entry.get(mark.value)) for mark in MilestoneMark})
        stored = record.get(_PAUSE) or {}
        pause = SlaPause(_moment(stored.get("since")), timedelta(seconds=float(stored.get("business_seconds") or 0)))
        return cls(milestones, pause)


def _moment(value: object) -> datetime | None:
    return datetime.fromisoformat(value) if isinstance(value, str) and value else None
