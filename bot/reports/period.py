"""The span a report covers, cut into days or weeks in the business calendar's time zone."""

from __future__ import annotations

import enum
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

LONGEST = timedelta(days=3 * 366)


class Period(str, enum.Enum):
    DAY = "day"
    WEEK = "week"


@dataclass(frozen=True)
class ReportRange:
    first: date
    last: date  # included
    period: Period
    tz: ZoneInfo

    def __post_init__(self) -> None:
        if self.last < self.first:
            raise ValueError(f"a report cannot end ({self.last}) before it starts ({self.first})")
        if self.last - self.first > LONGEST:
            raise ValueError("a report covers at most three years")

    @classmethod
    def ending(cls, today: date, days: int, tz: ZoneInfo, period: Period | None = None) -> ReportRange:
        first = today - timedelta(days=days - 1)
        return cls(first, today, period or (Period.WEEK if days > 62 else Period.DAY), tz)

    @property
    def starts(self) -> datetime:
        return datetime.combine(self.first, time(0), self.tz)

    @property
    def ends(self) -> datetime:
        return datetime.combine(self.last + timedelta(days=1), time(0), self.tz)

    def contains(self, moment: datetime | None) -> bool:
        return moment is not None and self.starts <= moment < self.ends

    def bucket(self, moment: datetime) -> date:
        day = moment.astimezone(self.tz).date()
        return day - timedelta(days=day.weekday()) if self.period is Period.WEEK else day

    def buckets(self) -> Iterator[date]:
        current = self.bucket(self.starts)
        step = timedelta(days=7 if self.period is Period.WEEK else 1)
        while current <= self.last:
            yield current
            current += step
