"""Read the SLA settings strings into values, with errors that say what was expected.

Every function raises :class:`SlaSettingsError` (a ``ValueError``) whose message quotes the
bad text and shows a valid example, so an operator can fix ``.env`` without reading code.
"""

from __future__ import annotations

import re
from datetime import date, time, timedelta
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from bot.errors import ConfigurationError


class SlaSettingsError(ConfigurationError):
    """A business-hours or SLA setting that cannot be understood."""


# English and French abbreviations, because operators here write either.
_DAY_NAMES: dict[str, int] = {
    "mon": 0, "tue": 1, "wed": 2, "thu": 3, "fri": 4, "sat": 5, "sun": 6,
    "lun": 0, "mar": 1, "mer": 2, "jeu": 3, "ven": 4, "sam": 5, "dim": 6,
}  # fmt: skip
_TIME = re.compile(r"^(\d{1,2}):(\d{2})$")
_DURATION = re.compile(r"^(?:(\d+)d)?(?:(\d+)h)?(?:(\d+)m)?$")


def parse_time_zone(text: str) -> ZoneInfo:
    name = text.strip()
    try:
        return ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError) as error:
        raise SlaSettingsError(
            f"unknown time zone {text!r}: expected an IANA name such as 'Europe/Paris'"
        ) from error


def parse_weekdays(text: str) -> frozenset[int]:
    """``"mon-fri"`` or ``"mon,tue,sat"`` (``"lun-ven"`` too) -> weekday numbers, Monday = 0."""
    days: set[int] = set()
    for part in (p.strip().lower() for p in text.split(",")):
        first, _, last = part.partition("-")
        start, end = _day(first.strip(), text), _day(last.strip(), text) if last else None
        if end is None:
            days.add(start)
        else:  # a range may wrap around the week end, as in "sat-mon"
            days.update((start + step) % 7 for step in range((end - start) % 7 + 1))
    return frozenset(days)


def _day(name: str, whole: str) -> int:
    if name not in _DAY_NAMES:
        raise SlaSettingsError(
            f"working days {whole!r}: unknown day {name!r}; expected three-letter day names "
            "(mon tue wed thu fri sat sun, or lun mar mer jeu ven sam dim) as a range "
            "'mon-fri' or a list 'mon,tue,wed,thu,fri,sat'"
        )
    return _DAY_NAMES[name]


def parse_opening_hours(text: str) -> tuple[tuple[time, time], ...]:
    """``"09:00-18:00"`` or, with a lunch break, ``"09:00-12:00,14:00-18:00"``."""
    expected = (
        "expected HH:MM-HH:MM ranges separated by commas, e.g. '09:00-18:00' or '09:00-12:00,14:00-18:00'"
    )
    ranges: list[tuple[time, time]] = []
    for part in (p.strip() for p in text.split(",")):
        opening, sep, closing = part.partition("-")
        if not sep:
            raise SlaSettingsError(f"business hours {text!r}: {part!r} is not a range; {expected}")
        ranges.append((_time(opening.strip(), text, expected), _time(closing.strip(), text, expected)))
    return tuple(ranges)


def _time(value: str, whole: str, expected: str) -> time:
    match = _TIME.match(value)
    if match is None or int(match[1]) > 23 or int(match[2]) > 59:
        raise SlaSettingsError(f"business hours {whole!r}: {value!r} is not a time of day; {expected}")
    return time(int(match[1]), int(match[2]))


def parse_closed_dates(text: str) -> frozenset[date]:
    """``"2026-12-24,2026-12-31"`` -> dates; an empty string means none."""
    dates: set[date] = set()
    for part in (p.strip() for p in text.split(",")):
        if not part:
            continue
        try:
            dates.add(date.fromisoformat(part))
        except ValueError as error:
            raise SlaSettingsError(
                f"closed dates {text!r}: {part!r} is not a date; expected YYYY-MM-DD dates "
                "separated by commas, e.g. '2026-12-24,2026-12-31'"
            ) from error
    return frozenset(dates)


def parse_business_duration(text: str, day_length: timedelta) -> timedelta:
    """``"30m"``, ``"4h"``, ``"1d"``, ``"1d4h"`` -> business time; a day is ``day_length``."""
    match = _DURATION.match(text.strip().lower())
    if not text.strip() or match is None:
        raise SlaSettingsError(
            f"duration {text!r}: expected business days, hours and minutes in that order, "
            "e.g. '30m', '4h', '1d' or '1d4h' (d = one business day)"
        )
    days, hours, minutes = (int(group or 0) for group in match.groups())
    return days * day_length + timedelta(hours=hours, minutes=minutes)


def format_business_duration(delta: timedelta, day_length: timedelta) -> str:
    """The inverse of :func:`parse_business_duration`, for messages and logs."""
    if delta < timedelta():
        return "-" + format_business_duration(-delta, day_length)
    days, rest = divmod(delta, day_length) if delta >= day_length else (0, delta)
    minutes = int(rest.total_seconds() // 60)
    hours, minutes = divmod(minutes, 60)
    return "".join(f"{n}{unit}" for n, unit in ((days, "d"), (hours, "h"), (minutes, "m")) if n) or "0m"
