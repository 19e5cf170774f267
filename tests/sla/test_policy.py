"""SlaPolicy: default targets, the settings string, due times and reminders."""

from __future__ import annotations

from datetime import datetime, timedelta

import pytest

from bot.intake.questions import Priority
from bot.sla import (
    BusinessCalendar,
    SlaDueTimes,
    SlaMilestone,
    SlaPolicy,
    SlaSettingsError,
    SlaTargets,
    reminder_time,
)
from bot.sla.parsing import format_business_duration, parse_business_duration
from tests.sla.moments import paris

H, M, DAY = timedelta(hours=1), timedelta(minutes=1), timedelta(hours=9)




@pytest.mark.parametrize(
    ("priority", "targets"),
    [
        (Priority.LOW, SlaTargets(DAY, 2 * DAY, 5 * DAY)),
        (Priority.MINOR, SlaTargets(DAY, 2 * DAY, 5 * DAY)),
        (Priority.MAJOR, SlaTargets(DAY, 2 * DAY, 5 * DAY)),
        (Priority.BLOCKING, SlaTargets(4 * H, DAY, 2 * DAY)),
    ],
)
def test_default_targets(priority: Priority, targets: SlaTargets) -> None:
    assert SlaPolicy.default().targets_for(priority) == targets


def test_a_business_day_is_the_calendars() -> None:
    policy = SlaPolicy.parse("major=ack:1d", day_length=7 * H)
    assert policy.targets_for(Priority.MAJOR) == SlaTargets(7 * H, 14 * H, 35 * H)


@pytest.mark.parametrize("spec", ["", "  ", ";"])
def test_empty_spec_means_defaults(spec: str) -> None:
    assert SlaPolicy.parse(spec) == SlaPolicy.default()


def test_overrides_apply_on_top_of_defaults() -> None:
    policy = SlaPolicy.parse(" Blocking = ack:2h, first:4h30m, final:1d4h ; minor=final_qualification:10d ")
    assert policy.targets_for(Priority.BLOCKING) == SlaTargets(2 * H, 4 * H + 30 * M, DAY + 4 * H)
    assert policy.targets_for(Priority.MINOR) == SlaTargets(DAY, 2 * DAY, 10 * DAY)
    assert policy.targets_for(Priority.MAJOR) == SlaPolicy.default().targets_for(Priority.MAJOR)


def test_policy_is_read_only() -> None:
    policy = SlaPolicy.default()
    with pytest.raises(TypeError):
        policy.targets[Priority.LOW] = SlaTargets(H, H, H)  # type: ignore[index]


@pytest.mark.parametrize(
    ("spec", "message"),
    [
        ("urgent=ack:1h", r"'urgent=ack:1h' must start with a priority \(low, minor, major, blocking\) and '='"),
        ("blocking", r"'blocking' gives no targets; e.g. 'blocking=ack:4h"),
        ("blocking=", r"gives no targets"),
        ("blocking=resolve:1d", r"'resolve:1d' should be 'ack:<duration>', 'first:<duration>' or 'final:<duration>'"),
        ("blocking=ack 4h", r"'ack 4h' should be 'ack:<duration>'"),
        ("blocking=ack:4", r"blocking ack: duration '4': expected business days, hours and minutes in that order"),
        ("blocking=ack:4h30", r"duration '4h30'"),
        ("blocking=ack:", r"duration ''"),
        ("blocking=ack:1h;blocking=final:3d", r"priority 'blocking' is given twice"),
        ("blocking=ack:1h,ack:2h", r"'ack' is given twice for 'blocking'"),
        ("major=first:4h", r"targets for 'major' \(ack=1d, first_qualification=4h, final_qualification=5d\): .* in order"),
        ("minor=ack:0m", r"targets for 'minor' \(ack=0m, .*\): SLA targets must be positive"),
    ],
)
def test_parsing_errors_are_clear(spec: str, message: str) -> None:
    with pytest.raises(SlaSettingsError, match=message):
        SlaPolicy.parse(spec)


@pytest.mark.parametrize(
    ("text", "delta"),
    [("30m", 30 * M), ("4h", 4 * H), ("1d", DAY), ("1d4h", DAY + 4 * H), ("2d0h15m", 2 * DAY + 15 * M)],
)
def test_durations_round_trip(text: str, delta: timedelta) -> None:
    assert parse_business_duration(text, DAY) == delta
    assert parse_business_duration(format_business_duration(delta, DAY), DAY) == delta
    assert format_business_duration(-delta, DAY) == "-" + format_business_duration(delta, DAY)


FRIDAY_4PM = paris(2026, 11, 20, 16)
USUAL_FROM_FRIDAY = SlaDueTimes(paris(2026, 11, 23, 16), paris(2026, 11, 24, 16), paris(2026, 11, 27, 16))


@pytest.mark.parametrize(
    ("priority", "filed_at", "expected"),
    [
        (Priority.LOW, FRIDAY_4PM, USUAL_FROM_FRIDAY),
        (Priority.MINOR, FRIDAY_4PM, USUAL_FROM_FRIDAY),
        (Priority.MAJOR, FRIDAY_4PM, USUAL_FROM_FRIDAY),
        (
            Priority.BLOCKING,
            FRIDAY_4PM,
            SlaDueTimes(paris(2026, 11, 23, 11), paris(2026, 11, 23, 16), paris(2026, 11, 24, 16)),
        ),
        # Filed on a Saturday: the clock starts on Monday at 09:00.
        (
            Priority.BLOCKING,
            paris(2026, 11, 21, 10),
            SlaDueTimes(paris(2026, 11, 23, 13), paris(2026, 11, 23, 18), paris(2026, 11, 24, 18)),
        ),
        # Filed the day before Armistice (Wednesday 11 November): that day does not count.
        (
            Priority.MAJOR,
            paris(2026, 11, 10, 10),
            SlaDueTimes(paris(2026, 11, 12, 10), paris(2026, 11, 13, 10), paris(2026, 11, 18, 10)),
        ),
    ],
)
def test_due_times(calendar: BusinessCalendar, priority: Priority, filed_at: datetime, expected: SlaDueTimes) -> None:
    due = SlaPolicy.default().due_times(priority, filed_at, calendar)
    assert due == expected
    for milestone in SlaMilestone:
        target = SlaPolicy.default().targets_for(priority).target(milestone)
        assert calendar.business_time_between(filed_at, due.due(milestone)) == target


@pytest.mark.parametrize(
    ("filed_at", "due", "expected"),
    [
        pytest.param(FRIDAY_4PM, paris(2026, 11, 23, 11), paris(2026, 11, 23, 10, 12), id="4h target: 20% is 48 min"),
        pytest.param(FRIDAY_4PM, paris(2026, 11, 24, 16), paris(2026, 11, 24, 12, 24), id="2d target: 3h36 before"),
        pytest.param(paris(2026, 11, 19, 10), paris(2026, 11, 20, 10), paris(2026, 11, 19, 17, 12), id="back across a night"),
        pytest.param(paris(2026, 11, 23, 10), paris(2026, 11, 23, 11), paris(2026, 11, 23, 10, 30), id="minimum lead 30 min"),
        pytest.param(paris(2026, 11, 23, 10), paris(2026, 11, 23, 10, 20), paris(2026, 11, 23, 10), id="never before filing"),
        pytest.param(paris(2026, 11, 21, 10), paris(2026, 11, 23, 9, 20), paris(2026, 11, 23, 9), id="filed on a weekend"),
        pytest.param(paris(2026, 11, 23, 12), paris(2026, 11, 23, 11), paris(2026, 11, 23, 11), id="due before filing"),
    ],
)
def test_reminder_time(calendar: BusinessCalendar, filed_at: datetime, due: datetime, expected: datetime) -> None:
    assert reminder_time(due, filed_at, calendar) == expected


def test_reminder_time_options(calendar: BusinessCalendar) -> None:
    filed_at, due = paris(2026, 11, 23, 9), paris(2026, 11, 23, 18)
    assert reminder_time(due, filed_at, calendar, lead_fraction=0.5, min_lead=timedelta()) == paris(2026, 11, 23, 13, 30)
    assert reminder_time(due, filed_at, calendar, lead_fraction=0, min_lead=2 * H) == paris(2026, 11, 23, 16)
    with pytest.raises(ValueError, match="lead_fraction must be between 0 and 1"):
        reminder_time(due, filed_at, calendar, lead_fraction=1.5)
    with pytest.raises(ValueError, match="min_lead must not be negative"):
        reminder_time(due, filed_at, calendar, min_lead=-H)


def test_policy_needs_every_priority() -> None:
    with pytest.raises(ValueError, match="no targets for priorities: blocking"):
        SlaPolicy({p: SlaTargets(H, H, H) for p in Priority if p is not Priority.BLOCKING})
