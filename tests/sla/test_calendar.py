"""BusinessCalendar: opening, adding and measuring business time (default: Paris, Mon-Fri 9-18, FR holidays)."""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta

import pytest

from bot.sla import BusinessCalendar, OpeningHours
from tests.sla.moments import PARIS, paris

H = timedelta(hours=1)




@pytest.mark.parametrize(
    ("start", "delta", "expected"),
    [
        pytest.param(paris(2026, 11, 17, 10), 4 * H, paris(2026, 11, 17, 14), id="same day"),
        pytest.param(paris(2026, 11, 17, 16), 4 * H, paris(2026, 11, 18, 11), id="across a night"),
        pytest.param(paris(2026, 11, 20, 16), 4 * H, paris(2026, 11, 23, 11), id="friday to monday"),
        pytest.param(paris(2026, 11, 17, 9), 9 * H, paris(2026, 11, 17, 18), id="ends at closing, not next opening"),
        pytest.param(paris(2026, 11, 17, 16), 2 * H, paris(2026, 11, 17, 18), id="exactly to closing"),
        pytest.param(paris(2026, 11, 17, 18), 1 * H, paris(2026, 11, 18, 10), id="start at closing"),
        pytest.param(paris(2026, 11, 17, 7, 30), 1 * H, paris(2026, 11, 17, 10), id="start before opening"),
        pytest.param(paris(2026, 11, 17, 22), 30 * timedelta(minutes=1), paris(2026, 11, 18, 9, 30), id="start at night"),
        pytest.param(paris(2026, 11, 21, 11), 4 * H, paris(2026, 11, 23, 13), id="start on saturday"),
        pytest.param(paris(2026, 11, 17, 10), 45 * H, paris(2026, 11, 24, 10), id="five business days"),
        pytest.param(paris(2026, 11, 10, 16), 4 * H, paris(2026, 11, 12, 11), id="Armistice Wednesday 11 Nov"),
        pytest.param(paris(2026, 12, 24, 16), 4 * H, paris(2026, 12, 28, 11), id="Christmas Friday 25 Dec"),
        pytest.param(paris(2026, 4, 3, 16), 4 * H, paris(2026, 4, 7, 11), id="Easter Monday 6 Apr"),
        pytest.param(paris(2026, 5, 13, 17), 2 * H, paris(2026, 5, 15, 10), id="Ascension Thursday 14 May"),
        pytest.param(paris(2026, 3, 27, 16), 4 * H, paris(2026, 3, 30, 11), id="DST spring weekend"),
        pytest.param(paris(2026, 10, 23, 16), 4 * H, paris(2026, 10, 26, 11), id="DST autumn weekend"),
        pytest.param(paris(2026, 12, 31, 17), 2 * H, paris(2027, 1, 4, 10), id="new year, holidays of two years"),
    ],
)
def test_add_business_time(calendar: BusinessCalendar, start: datetime, delta: timedelta, expected: datetime) -> None:
    due = calendar.add_business_time(start, delta)
    assert due == expected
    assert due.tzinfo == PARIS
    # Going back the same amount lands where the clock started: at start, or the next opening.
    assert calendar.add_business_time(due, -delta) == calendar.next_opening(start)
    assert calendar.business_time_between(start, due) == delta


def test_dst_keeps_wall_clock_hours(calendar: BusinessCalendar) -> None:
    # 16:00 CET is 15:00 UTC; 11:00 CEST is 09:00 UTC: four business hours, 66 real ones.
    start, due = paris(2026, 3, 27, 16), paris(2026, 3, 30, 11)
    assert start.utcoffset() == H and due.utcoffset() == 2 * H
    assert calendar.business_time_between(start, due) == 4 * H


def test_business_time_is_real_time_when_a_window_spans_a_dst_change() -> None:
    night_shift = BusinessCalendar(weekdays=frozenset(range(7)), hours=(OpeningHours(time(1), time(5)),), country=None)
    assert night_shift.business_time_between(paris(2026, 3, 29, 0), paris(2026, 3, 29, 12)) == 3 * H
    assert night_shift.business_time_between(paris(2026, 10, 25, 0), paris(2026, 10, 25, 12)) == 5 * H


def test_input_in_utc_gives_paris_output(calendar: BusinessCalendar) -> None:
    due = calendar.add_business_time(datetime(2026, 11, 17, 15, tzinfo=UTC), 4 * H)  # 16:00 in Paris
    assert due == paris(2026, 11, 18, 11) and due.tzinfo == PARIS


@pytest.mark.parametrize("start", [paris(2026, 11, 17, 10), paris(2026, 11, 21, 10), paris(2026, 11, 17, 18)])
def test_zero_delta_returns_start(calendar: BusinessCalendar, start: datetime) -> None:
    assert calendar.add_business_time(start, timedelta()) == start


@pytest.mark.parametrize(
    ("end", "delta", "expected"),
    [
        pytest.param(paris(2026, 11, 23, 11), 4 * H, paris(2026, 11, 20, 16), id="monday back to friday"),
        pytest.param(paris(2026, 11, 17, 18), 9 * H, paris(2026, 11, 17, 9), id="lands on opening"),
        pytest.param(paris(2026, 11, 22, 12), 1 * H, paris(2026, 11, 20, 17), id="from a sunday"),
        pytest.param(paris(2026, 11, 12, 10), 2 * H, paris(2026, 11, 10, 17), id="over Armistice"),
    ],
)
def test_negative_delta_goes_back(calendar: BusinessCalendar, end: datetime, delta: timedelta, expected: datetime) -> None:
    assert calendar.add_business_time(end, -delta) == expected


@pytest.mark.parametrize(
    ("a", "b", "expected"),
    [
        pytest.param(paris(2026, 11, 17, 10), paris(2026, 11, 17, 12), 2 * H, id="same day"),
        pytest.param(paris(2026, 11, 17, 10), paris(2026, 11, 17, 10), timedelta(), id="same instant"),
        pytest.param(paris(2026, 11, 20, 16), paris(2026, 11, 23, 11), 4 * H, id="over a weekend"),
        pytest.param(paris(2026, 11, 21, 8), paris(2026, 11, 22, 20), timedelta(), id="inside a weekend"),
        pytest.param(paris(2026, 11, 17, 20), paris(2026, 11, 18, 8), timedelta(), id="inside a night"),
        pytest.param(paris(2026, 11, 10, 7), paris(2026, 11, 12, 23), 18 * H, id="around Armistice"),
        pytest.param(paris(2026, 11, 16, 0), paris(2026, 11, 23, 0), 45 * H, id="a whole week"),
    ],
)
def test_business_time_between(calendar: BusinessCalendar, a: datetime, b: datetime, expected: timedelta) -> None:
    assert calendar.business_time_between(a, b) == expected
    assert calendar.business_time_between(b, a) == -expected


@pytest.mark.parametrize(
    ("at", "is_open", "next_opening"),
    [
        pytest.param(paris(2026, 11, 17, 9), True, paris(2026, 11, 17, 9), id="at opening"),
        pytest.param(paris(2026, 11, 17, 17, 59), True, paris(2026, 11, 17, 17, 59), id="just before closing"),
        pytest.param(paris(2026, 11, 17, 18), False, paris(2026, 11, 18, 9), id="at closing"),
        pytest.param(paris(2026, 11, 17, 8, 59), False, paris(2026, 11, 17, 9), id="before opening"),
        pytest.param(paris(2026, 11, 21, 10), False, paris(2026, 11, 23, 9), id="saturday"),
        pytest.param(paris(2026, 11, 11, 10), False, paris(2026, 11, 12, 9), id="Armistice"),
        pytest.param(paris(2026, 12, 24, 19), False, paris(2026, 12, 28, 9), id="Christmas eve evening"),
    ],
)
def test_is_open_and_next_opening(calendar: BusinessCalendar, at: datetime, is_open: bool, next_opening: datetime) -> None:
    assert calendar.is_open(at) is is_open
    assert calendar.next_opening(at) == next_opening


def test_extra_closed_dates_and_no_country() -> None:
    calendar = BusinessCalendar(country=None, closed_dates=frozenset({date(2026, 12, 24)}))
    assert calendar.add_business_time(paris(2026, 12, 23, 16), 4 * H) == paris(2026, 12, 25, 11)  # no Christmas


def test_subdivision_adds_its_holidays() -> None:
    moselle = BusinessCalendar(subdivision="57")  # Good Friday is a public holiday there
    assert not moselle.is_open(paris(2026, 4, 3, 10))
    assert BusinessCalendar().is_open(paris(2026, 4, 3, 10))


def test_lunch_break() -> None:
    calendar = BusinessCalendar(hours=(OpeningHours(time(9), time(12)), OpeningHours(time(14), time(18))))
    assert calendar.business_day_length == 7 * H
    assert calendar.add_business_time(paris(2026, 11, 17, 11), 2 * H) == paris(2026, 11, 17, 15)
    assert not calendar.is_open(paris(2026, 11, 17, 13))
    assert calendar.next_opening(paris(2026, 11, 17, 13)) == paris(2026, 11, 17, 14)


def test_business_day_length_default(calendar: BusinessCalendar) -> None:
    assert calendar.business_day_length == 9 * H


@pytest.mark.parametrize("method", ["is_open", "next_opening"])
def test_naive_datetimes_are_refused(calendar: BusinessCalendar, method: str) -> None:
    with pytest.raises(ValueError, match="at must be a timezone-aware datetime"):
        getattr(calendar, method)(datetime(2026, 11, 17, 10))


def test_naive_datetimes_are_refused_everywhere(calendar: BusinessCalendar) -> None:
    naive, aware = datetime(2026, 11, 17, 10), paris(2026, 11, 17, 10)
    with pytest.raises(ValueError, match="start must be a timezone-aware"):
        calendar.add_business_time(naive, H)
    with pytest.raises(ValueError, match="b must be a timezone-aware"):
        calendar.business_time_between(aware, naive)


def test_calendar_is_hashable_and_comparable_despite_its_cache(calendar: BusinessCalendar) -> None:
    calendar.is_open(paris(2030, 1, 2, 10))  # fills the holiday cache
    assert calendar == BusinessCalendar()
    assert hash(calendar) == hash(BusinessCalendar())


def test_always_closed_calendar_fails_instead_of_looping() -> None:
    closed = BusinessCalendar(weekdays=frozenset({0}), country=None, closed_dates=frozenset(
        date(2026, 1, 5) + timedelta(weeks=w) for w in range(60)
    ))
    with pytest.raises(ValueError, match="closed for 400 days in a row"):
        closed.next_opening(paris(2026, 1, 1, 10))
