"""Telling a requester, in French or English, when agents are back."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from bot.i18n import Language
from bot.sla import BusinessCalendar, agents_back_at, format_moment
from tests.sla.moments import paris


@pytest.mark.parametrize(
    ("now", "back"),
    [
        pytest.param(paris(2026, 11, 17, 10), None, id="open: nothing to say"),
        pytest.param(paris(2026, 11, 20, 19), paris(2026, 11, 23, 9), id="friday evening"),
        pytest.param(paris(2026, 11, 22, 23, 59), paris(2026, 11, 23, 9), id="sunday night"),
        pytest.param(paris(2026, 11, 10, 18, 30), paris(2026, 11, 12, 9), id="eve of Armistice"),
        pytest.param(datetime(2026, 11, 17, 6, tzinfo=UTC), paris(2026, 11, 17, 9), id="UTC input"),
    ],
)
def test_agents_back_at(calendar: BusinessCalendar, now: datetime, back: datetime | None) -> None:
    assert agents_back_at(calendar, now) == back


@pytest.mark.parametrize(
    ("moment", "lang", "text"),
    [
        (paris(2026, 11, 23, 9), "fr", "lundi 23 novembre à 09:00"),
        (paris(2026, 11, 23, 9), "en", "Monday 23 November at 09:00"),
        (paris(2026, 12, 1, 14, 30), Language.FR, "mardi 1er décembre à 14:30"),
        (paris(2026, 12, 1, 14, 30), Language.EN, "Tuesday 1 December at 14:30"),
        (paris(2026, 8, 15, 9), "fr", "samedi 15 août à 09:00"),
        (paris(2027, 2, 7, 9), "fr", "dimanche 7 février à 09:00"),
        # 07:00 UTC is 09:00 in Paris in summer (CEST), 08:00 in winter (CET).
        (datetime(2026, 3, 30, 7, tzinfo=UTC), "en", "Monday 30 March at 09:00"),
        (datetime(2026, 10, 26, 7, tzinfo=UTC), "fr", "lundi 26 octobre à 08:00"),
    ],
)
def test_format_moment(calendar: BusinessCalendar, moment: datetime, lang: str, text: str) -> None:
    assert format_moment(moment, lang, calendar) == text


def test_format_moment_refuses_unknown_languages_and_naive_times(calendar: BusinessCalendar) -> None:
    with pytest.raises(ValueError, match="unsupported language 'de': expected 'fr' or 'en'"):
        format_moment(paris(2026, 11, 23, 9), "de", calendar)
    with pytest.raises(ValueError, match="moment must be a timezone-aware datetime"):
        format_moment(datetime(2026, 11, 23, 9), "fr", calendar)
