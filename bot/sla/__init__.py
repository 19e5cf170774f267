"""Service levels: business hours, response targets per priority, and when they fall due.

Errors: bad settings strings raise :class:`SlaSettingsError` (a ``ValueError``); naive
datetimes and impossible arguments raise plain ``ValueError``.
"""

from bot.sla.calendar import BusinessCalendar, OpeningHours
from bot.sla.hours_notice import agents_back_at, format_moment
from bot.sla.parsing import SlaSettingsError, format_business_duration, parse_business_duration
from bot.sla.policy import SlaDueTimes, SlaMilestone, SlaPolicy, SlaTargets, reminder_time

__all__ = [
    "BusinessCalendar",
    "OpeningHours",
    "SlaDueTimes",
    "SlaMilestone",
    "SlaPolicy",
    "SlaSettingsError",
    "SlaTargets",
    "agents_back_at",
    "format_business_duration",
    "format_moment",
    "parse_business_duration",
    "reminder_time",
]
