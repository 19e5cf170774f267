"""Response targets per priority, and when each one falls due for a ticket.

Targets are business time. "1d" means one business day of the calendar (its
``business_day_length``), so the policy is built with that length in hand.
"""

from __future__ import annotations

import enum
from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from datetime import datetime, timedelta
from types import MappingProxyType

from bot.intake.questions import Priority
from bot.sla.calendar import BusinessCalendar
from bot.sla.parsing import SlaSettingsError, format_business_duration, parse_business_duration


class SlaMilestone(str, enum.Enum):
    ACK = "ack"  # a human has seen the request
    FIRST_QUALIFICATION = "first_qualification"  # a first analysis is sent to the requester
    FINAL_QUALIFICATION = "final_qualification"  # priority and nature are settled


# Names accepted in the settings string; the short ones are what operators type.
_MILESTONE_KEYS: dict[str, SlaMilestone] = {
    "ack": SlaMilestone.ACK,
    "first": SlaMilestone.FIRST_QUALIFICATION,
    "first_qualification": SlaMilestone.FIRST_QUALIFICATION,
    "final": SlaMilestone.FINAL_QUALIFICATION,
    "final_qualification": SlaMilestone.FINAL_QUALIFICATION,
}
_EXAMPLE = "e.g. 'blocking=ack:4h,first:1d,final:2d;major=ack:1d'"


@dataclass(frozen=True)
class SlaTargets:
    ack: timedelta
    first_qualification: timedelta
    final_qualification: timedelta

    def __post_init__(self) -> None:
        if min(self.ack, self.first_qualification, self.final_qualification) <= timedelta():
            raise ValueError("SLA targets must be positive durations")
        if not self.ack <= self.first_qualification <= self.final_qualification:
            raise ValueError(
                "SLA targets must be in order: acknowledgement, then first qualification, then final qualification"
            )

    def target(self, milestone: SlaMilestone) -> timedelta:
        return {
            SlaMilestone.ACK: self.ack,
            SlaMilestone.FIRST_QUALIFICATION: self.first_qualification,
            SlaMilestone.FINAL_QUALIFICATION: self.final_qualification,
        }[milestone]


@dataclass(frozen=True)
class SlaDueTimes:
    ack_due: datetime
    first_qualification_due: datetime
    final_qualification_due: datetime

    def due(self, milestone: SlaMilestone) -> datetime:
        return {
            SlaMilestone.ACK: self.ack_due,
            SlaMilestone.FIRST_QUALIFICATION: self.first_qualification_due,
            SlaMilestone.FINAL_QUALIFICATION: self.final_qualification_due,
        }[milestone]


@dataclass(frozen=True)
class SlaPolicy:
    targets: Mapping[Priority, SlaTargets] = field(hash=False)

    def __post_init__(self) -> None:
        missing = [p.value for p in Priority if p not in self.targets]
        if missing:
            raise ValueError(f"SLA policy has no targets for priorities: {', '.join(missing)}")
        # A read-only copy: nobody can change a shared policy's targets behind its back.
        object.__setattr__(self, "targets", MappingProxyType(dict(self.targets)))

    @classmethod
    def default(cls, day_length: timedelta = timedelta(hours=9)) -> SlaPolicy:
        """1 / 2 / 5 business days for every priority; blocking: 4 hours / 1 day / 2 days."""
        usual = SlaTargets(day_length, 2 * day_length, 5 * day_length)
        blocking = SlaTargets(min(timedelta(hours=4), day_length), day_length, 2 * day_length)
        return cls({p: blocking if p is Priority.BLOCKING else usual for p in Priority})

    @classmethod
    def parse(cls, spec: str, day_length: timedelta = timedelta(hours=9)) -> SlaPolicy:
        """Overrides on top of :meth:`default`: ``"blocking=ack:4h,first:1d;major=ack:1d"``.

        Errors are :class:`SlaSettingsError` naming the faulty part and showing an example.
        """
        targets = dict(cls.default(day_length).targets)
        seen: set[Priority] = set()
        for clause in (c.strip() for c in spec.split(";")):
            if not clause:
                continue
            priority, overrides = _parse_clause(clause, spec, day_length)
            if priority in seen:
                raise SlaSettingsError(f"SLA targets {spec!r}: priority {priority.value!r} is given twice")
            seen.add(priority)
            try:
                targets[priority] = replace(targets[priority], **{m.value: d for m, d in overrides.items()})
            except ValueError as error:
                current = targets[priority]
                shown = ", ".join(
                    f"{m.value}={format_business_duration(overrides.get(m, current.target(m)), day_length)}"
                    for m in SlaMilestone
                )
                raise SlaSettingsError(f"SLA targets for {priority.value!r} ({shown}): {error}") from error
        return cls(targets)

    def targets_for(self, priority: Priority) -> SlaTargets:
        return self.targets[priority]

    def due_times(self, priority: Priority, filed_at: datetime, calendar: BusinessCalendar) -> SlaDueTimes:
        """When each target falls due for a request filed at ``filed_at`` (the clock starts at opening)."""
        targets = self.targets[priority]
        return SlaDueTimes(
            ack_due=calendar.add_business_time(filed_at, targets.ack),
            first_qualification_due=calendar.add_business_time(filed_at, targets.first_qualification),
            final_qualification_due=calendar.add_business_time(filed_at, targets.final_qualification),
        )


def _parse_clause(clause: str, spec: str, day_length: timedelta) -> tuple[Priority, dict[SlaMilestone, timedelta]]:
    name, sep, body = clause.partition("=")
    try:
        priority = Priority(name.strip().lower())
    except ValueError:
        valid = ", ".join(p.value for p in Priority)
        raise SlaSettingsError(
            f"SLA targets {spec!r}: {clause!r} must start with a priority ({valid}) and '='; {_EXAMPLE}"
        ) from None
    if not sep or not body.strip():
        raise SlaSettingsError(f"SLA targets {spec!r}: {clause!r} gives no targets; {_EXAMPLE}")
    overrides: dict[SlaMilestone, timedelta] = {}
    for item in (i.strip() for i in body.split(",")):
        key, colon, value = item.partition(":")
        milestone = _MILESTONE_KEYS.get(key.strip().lower())
        if milestone is None or not colon:
            raise SlaSettingsError(
                f"SLA targets {spec!r}: {item!r} should be 'ack:<duration>', 'first:<duration>' "
                f"or 'final:<duration>'; {_EXAMPLE}"
            )
        if milestone in overrides:
            raise SlaSettingsError(f"SLA targets {spec!r}: {key.strip()!r} is given twice for {priority.value!r}")
        try:
            overrides[milestone] = parse_business_duration(value, day_length)
        except SlaSettingsError as error:
            raise SlaSettingsError(f"SLA targets {spec!r}, {priority.value} {key.strip()}: {error}") from error
    return priority, overrides


def reminder_time(
    due: datetime,
    filed_at: datetime,
    calendar: BusinessCalendar,
    lead_fraction: float = 0.2,
    min_lead: timedelta = timedelta(minutes=30),
) -> datetime:
    """When to remind agents before ``due``: a share of the target's business time, at least
    ``min_lead``, but never before the request was filed (the clock starts at opening)."""
    if not 0 <= lead_fraction <= 1:
        raise ValueError(f"lead_fraction must be between 0 and 1, got {lead_fraction}")
    if min_lead < timedelta():
        raise ValueError(f"min_lead must not be negative, got {min_lead}")
    allowed = calendar.business_time_between(filed_at, due)
    if allowed <= timedelta():
        return calendar.add_business_time(due, timedelta())
    lead = min(max(allowed * lead_fraction, min_lead), allowed)
    return calendar.add_business_time(due, -lead)
