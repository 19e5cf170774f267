"""When the support desk is open, and how much of its working time lies between two moments.

Opening hours are wall-clock times in the calendar's zone, laid on each day separately, so a
daylight-saving change never shifts "09:00". Business time is real elapsed time inside those
windows: with the default hours (DST changes happen at night) every open day lasts 9 hours.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from bot.sla.holidays import UnknownCountry, country_class
from bot.sla.parsing import (
    SlaSettingsError,
    parse_closed_dates,
    parse_opening_hours,
    parse_time_zone,
    parse_weekdays,
)

# A calendar that stays closed this long is misconfigured; fail rather than loop forever.
_MAX_CLOSED_DAYS = 400


@dataclass(frozen=True)
class OpeningHours:
    """One opening window of a working day, e.g. 09:00-18:00 (several allow a lunch break)."""

    opens: time
    closes: time

    def __post_init__(self) -> None:
        if self.opens.tzinfo is not None or self.closes.tzinfo is not None:
            raise ValueError("opening hours are wall-clock times: give times without tzinfo")
        if self.closes <= self.opens:
            raise ValueError(f"opening hours {self.opens:%H:%M}-{self.closes:%H:%M}: closing must be after opening")


@dataclass(frozen=True)
class BusinessCalendar:
    tz: ZoneInfo = field(default_factory=lambda: ZoneInfo("Europe/Paris"))
    weekdays: frozenset[int] = frozenset(range(5))  # Monday = 0, as date.weekday()
    hours: tuple[OpeningHours, ...] = (OpeningHours(time(9), time(18)),)
    country: str | None = "FR"  # None: no public holidays
    subdivision: str | None = None  # e.g. "57" (Moselle) adds Good Friday and 26 December
    closed_dates: frozenset[date] = frozenset()
    _holidays: dict[int, frozenset[date]] = field(
        default_factory=dict, init=False, repr=False, compare=False, hash=False
    )

    def __post_init__(self) -> None:
        if not self.weekdays or not self.weekdays <= set(range(7)):
            raise ValueError(f"working weekdays must be a non-empty set of 0 (Monday) to 6, got {set(self.weekdays)}")
        if not self.hours:
            raise ValueError("a business calendar needs at least one opening window")
        for earlier, later in zip(self.hours, self.hours[1:], strict=False):
            if later.opens < earlier.closes:
                raise ValueError("opening windows must be in order and must not overlap")
        if self.subdivision and not self.country:
            raise ValueError(f"holiday subdivision {self.subdivision!r} needs a country, e.g. 'FR'")
        if self.country:
            try:  # years=() checks the country and subdivision without computing any holiday
                country_class(self.country)(subdiv=self.subdivision, years=())
            except (UnknownCountry, NotImplementedError) as error:  # the library's word for an unknown subdivision
                raise ValueError(f"public holidays: {error}; expected an ISO country code such as 'FR'") from error

    @classmethod
    def from_settings(
        cls,
        *,
        tz: str = "Europe/Paris",
        days: str = "mon-fri",
        hours: str = "09:00-18:00",
        country: str | None = "FR",
        subdivision: str | None = None,
        closed_dates: str = "",
    ) -> BusinessCalendar:
        """Build from the plain strings of the settings; errors are :class:`SlaSettingsError`."""
        windows = parse_opening_hours(hours)
        try:
            opening_hours = tuple(OpeningHours(opens, closes) for opens, closes in windows)
            return cls(
                tz=parse_time_zone(tz),
                weekdays=parse_weekdays(days),
                hours=opening_hours,
                country=(country or "").strip().upper() or None,
                subdivision=(subdivision or "").strip() or None,
                closed_dates=parse_closed_dates(closed_dates),
            )
        except SlaSettingsError:
            raise
        except ValueError as error:
            raise SlaSettingsError(str(error)) from error

    @property
    def business_day_length(self) -> timedelta:
        """What "one business day" means in business time (9 hours by default)."""
        day = date(2000, 1, 3)  # any date: wall-clock lengths, before any DST effect
        lengths = (datetime.combine(day, h.closes) - datetime.combine(day, h.opens) for h in self.hours)
        return sum(lengths, timedelta())

    def is_working_day(self, day: date) -> bool:
        if day.weekday() not in self.weekdays or day in self.closed_dates:
            return False
        return day not in self._holidays_of(day.year)

    def is_open(self, at: datetime) -> bool:
        moment = _utc(at, "at")
        return any(opens <= moment < closes for opens, closes in self._windows(moment.astimezone(self.tz).date()))

    def next_opening(self, at: datetime) -> datetime:
        """``at`` itself when open, else the start of the next opening window."""
        opens, _ = next(self._windows_forward(_utc(at, "at")))
        return opens.astimezone(self.tz)

    def add_business_time(self, start: datetime, delta: timedelta) -> datetime:
        """The moment ``delta`` of business time after ``start`` (before it, if negative).

        A target that ends exactly at closing time is due at closing, not at the next opening.
        """
        moment = _utc(start, "start")
        if delta < timedelta():
            return self._subtract(moment, -delta)
        if delta == timedelta():
            return moment.astimezone(self.tz)
        remaining = delta
        for opens, closes in self._windows_forward(moment):
            if opens + remaining <= closes:
                return (opens + remaining).astimezone(self.tz)
            remaining -= closes - opens
        raise AssertionError("unreachable: the window iterator never ends")

    def business_time_between(self, a: datetime, b: datetime) -> timedelta:
        """Business time from ``a`` to ``b``; negative when ``b`` is before ``a``."""
        first, last = _utc(a, "a"), _utc(b, "b")
        if last < first:
            return -self.business_time_between(b, a)
        total = timedelta()
        for opens, closes in self._windows_forward(first):
            if opens >= last:
                break
            total += min(closes, last) - opens
        return total

    def _subtract(self, moment: datetime, delta: timedelta) -> datetime:
        remaining = delta
        for opens, closes in self._windows_backward(moment):
            if closes - remaining >= opens:
                return (closes - remaining).astimezone(self.tz)
            remaining -= closes - opens
        raise AssertionError("unreachable: the window iterator never ends")

    def _windows_forward(self, moment: datetime) -> Iterator[tuple[datetime, datetime]]:
        """Opening windows (UTC) from ``moment`` on, the first one clipped to start at it."""
        for day in self._days(moment, step=1):
            for opens, closes in self._windows(day):
                if closes > moment:
                    yield max(opens, moment), closes

    def _windows_backward(self, moment: datetime) -> Iterator[tuple[datetime, datetime]]:
        """Opening windows (UTC) before ``moment``, latest first, the first one clipped to end at it."""
        for day in self._days(moment, step=-1):
            for opens, closes in reversed(self._windows(day)):
                if opens < moment:
                    yield opens, min(closes, moment)

    def _days(self, moment: datetime, step: int) -> Iterator[date]:
        day, closed_in_a_row = moment.astimezone(self.tz).date(), 0
        while closed_in_a_row < _MAX_CLOSED_DAYS:
            closed_in_a_row = 0 if self.is_working_day(day) else closed_in_a_row + 1
            yield day
            day += timedelta(days=step)
        raise ValueError(
            f"the business calendar is closed for {_MAX_CLOSED_DAYS} days in a row; check its days and closed dates"
        )

    def _windows(self, day: date) -> list[tuple[datetime, datetime]]:
        if not self.is_working_day(day):
            return []
        # Wall-clock times laid on this very day, then UTC so that subtraction is real elapsed time.
        return [(_at(day, h.opens, self.tz), _at(day, h.closes, self.tz)) for h in self.hours]

    def _holidays_of(self, year: int) -> frozenset[date]:
        if not self.country:
            return frozenset()
        if year not in self._holidays:  # the cache is the one mutable part, hidden from eq and hash
            found = country_class(self.country)(subdiv=self.subdivision, years=year)
            self._holidays[year] = frozenset(found)
        return self._holidays[year]


def _utc(moment: datetime, name: str) -> datetime:
    # Aware-only: a naive time would silently mean "whatever zone the server runs in".
    if moment.tzinfo is None or moment.utcoffset() is None:
        raise ValueError(
            f"{name} must be a timezone-aware datetime, got naive {moment.isoformat()}; attach a tzinfo (e.g. UTC)"
        )
    return moment.astimezone(UTC)


def _at(day: date, wall_clock: time, tz: ZoneInfo) -> datetime:
    return datetime.combine(day, wall_clock, tz).astimezone(UTC)
