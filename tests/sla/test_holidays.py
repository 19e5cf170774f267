"""Public holidays from one country's module: the same days as the library's own lookup, without
importing the other countries (read from ``sys.modules`` of a fresh process)."""

from __future__ import annotations

import json
import subprocess
import sys
from datetime import date

import holidays
import pytest

from bot.sla import BusinessCalendar
from bot.sla.holidays import UnknownCountry, country_class


@pytest.mark.parametrize(("country", "subdivision"), [("FR", None), ("FR", "57"), ("FRA", None), ("BE", None),
                                                      ("DE", "BY"), ("US", "CA"), ("GB", "SCT")])
def test_the_same_days_as_the_library(country: str, subdivision: str | None) -> None:
    for year in (2025, 2026, 2027):
        ours = country_class(country)(subdiv=subdivision, years=year)
        theirs = holidays.country_holidays(country, subdiv=subdivision, years=year)
        assert sorted(ours.items()) == sorted(theirs.items())


def test_a_calendar_counts_its_country_holidays() -> None:
    moselle = BusinessCalendar.from_settings(country="FR", subdivision="57")
    assert not moselle.is_working_day(date(2026, 4, 3))  # Good Friday, a Friday: Moselle only
    assert BusinessCalendar.from_settings(country="FR").is_working_day(date(2026, 4, 3))
    assert not BusinessCalendar.from_settings(country="FR").is_working_day(date(2026, 7, 14))


def test_an_unknown_code_is_refused_as_the_library_refuses_it() -> None:
    with pytest.raises(UnknownCountry, match="Country XX not available"):
        country_class("XX")


PROBE = """
import json, sys
from datetime import date
from bot.sla import BusinessCalendar
calendar = BusinessCalendar.from_settings(country="FR")
calendar.is_working_day(date(2026, 7, 14))
print(json.dumps(sorted(m for m in sys.modules if m.startswith("holidays.countries"))))
"""


def test_only_the_country_asked_for_is_imported() -> None:
    done = subprocess.run([sys.executable, "-c", PROBE], capture_output=True, text=True, timeout=60, check=True)
    assert json.loads(done.stdout) == ["holidays.countries.france"]
