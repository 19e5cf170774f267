"""BusinessCalendar.from_settings: the plain strings of the settings, and their error messages."""

from __future__ import annotations

from datetime import date, time
from zoneinfo import ZoneInfo

import pytest

from bot.sla import BusinessCalendar, OpeningHours, SlaSettingsError


def test_defaults_match_the_dataclass_defaults() -> None:
    assert BusinessCalendar.from_settings() == BusinessCalendar()


def test_every_setting() -> None:
    calendar = BusinessCalendar.from_settings(
        tz="Europe/Brussels",
        days="lun-ven, sam",
        hours="08:30-12:00, 13:30-17:00",
        country="be",
        subdivision="",
        closed_dates="2026-12-24, 2026-12-31",
    )
    assert calendar == BusinessCalendar(
        tz=ZoneInfo("Europe/Brussels"),
        weekdays=frozenset(range(6)),
        hours=(OpeningHours(time(8, 30), time(12)), OpeningHours(time(13, 30), time(17))),
        country="BE",
        subdivision=None,
        closed_dates=frozenset({date(2026, 12, 24), date(2026, 12, 31)}),
    )


@pytest.mark.parametrize(
    ("days", "weekdays"),
    [("mon-fri", {0, 1, 2, 3, 4}), ("mon,tue,wed,thu,fri,sat", {0, 1, 2, 3, 4, 5}), ("sat-mon", {5, 6, 0}), ("WED", {2})],
)
def test_days(days: str, weekdays: set[int]) -> None:
    assert BusinessCalendar.from_settings(days=days, country=None).weekdays == weekdays


@pytest.mark.parametrize("country", [None, "", "  "])
def test_no_country_means_no_holidays(country: str | None) -> None:
    calendar = BusinessCalendar.from_settings(country=country)
    assert calendar.country is None and calendar.is_working_day(date(2026, 11, 11))


@pytest.mark.parametrize(
    ("settings", "message"),
    [
        ({"tz": "Paris"}, r"unknown time zone 'Paris': expected an IANA name such as 'Europe/Paris'"),
        ({"days": "monday-friday"}, r"unknown day 'monday'; expected three-letter day names"),
        ({"days": ""}, r"unknown day ''"),
        ({"hours": "9-18"}, r"'9' is not a time of day; expected HH:MM-HH:MM ranges"),
        ({"hours": "09:00"}, r"'09:00' is not a range"),
        ({"hours": "25:00-26:00"}, r"'25:00' is not a time of day"),
        ({"hours": "18:00-09:00"}, r"closing must be after opening"),
        ({"hours": "09:00-13:00,12:00-18:00"}, r"must not overlap"),
        ({"country": "XX"}, r"Country XX not available; expected an ISO country code"),
        ({"subdivision": "ZZ"}, r"does not have subdivision ZZ"),
        ({"country": "", "subdivision": "57"}, r"holiday subdivision '57' needs a country"),
        ({"closed_dates": "24/12/2026"}, r"'24/12/2026' is not a date; expected YYYY-MM-DD dates"),
    ],
)
def test_errors_say_what_is_wrong_and_what_is_expected(settings: dict[str, str], message: str) -> None:
    with pytest.raises(SlaSettingsError, match=message):
        BusinessCalendar.from_settings(**settings)
