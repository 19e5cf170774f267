"""The default business calendar (Monday-Friday 09:00-18:00 Paris, French holidays)."""

from __future__ import annotations

import pytest

from bot.sla import BusinessCalendar


@pytest.fixture(scope="module")
def calendar() -> BusinessCalendar:
    return BusinessCalendar()
