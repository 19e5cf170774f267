"""Tell a requester who writes outside business hours when agents will be back.

Day and month names are tables here rather than ``locale``/``strftime``: system locales
differ between machines and containers, and the bot must say the same thing everywhere.
"""

from __future__ import annotations

from datetime import datetime

from bot.i18n import Language
from bot.sla.calendar import BusinessCalendar

_DAYS = {
    Language.FR: ("lundi", "mardi", "mercredi", "jeudi", "vendredi", "samedi", "dimanche"),
    Language.EN: ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"),
}
_MONTHS = {
    Language.FR: (
        "janvier", "février", "mars", "avril", "mai", "juin",
        "juillet", "août", "septembre", "octobre", "novembre", "décembre",
    ),
    Language.EN: (
        "January", "February", "March", "April", "May", "June",
        "July", "August", "September", "October", "November", "December",
    ),
}  # fmt: skip


def agents_back_at(calendar: BusinessCalendar, now: datetime) -> datetime | None:
    """None while the desk is open; otherwise the next opening, in the calendar's zone."""
    if calendar.is_open(now):
        return None
    return calendar.next_opening(now)


def format_moment(moment: datetime, lang: Language | str, calendar: BusinessCalendar) -> str:
    """``lundi 23 novembre à 09:00`` / ``Monday 23 November at 09:00``, in the calendar's zone."""
    if moment.tzinfo is None or moment.utcoffset() is None:
        raise ValueError(f"moment must be a timezone-aware datetime, got naive {moment.isoformat()}")
    try:
        language = Language(lang)
    except ValueError:
        raise ValueError(f"unsupported language {lang!r}: expected 'fr' or 'en'") from None
    local = moment.astimezone(calendar.tz)
    weekday, month = _DAYS[language][local.weekday()], _MONTHS[language][local.month - 1]
    if language is Language.FR:
        day = "1er" if local.day == 1 else str(local.day)  # French writes the first of the month as "1er"
        return f"{weekday} {day} {month} à {local:%H:%M}"
    return f"{weekday} {local.day} {month} at {local:%H:%M}"
