"""A report's table: column keys (labelled by the catalog, ``web.col.<key>``, or, for a column named
after the deployment's values such as a ticket type, by ``headers``) and rows of plain values."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date, datetime

from bot.intake.questions import Localized

Cell = str | int | float | date | datetime | None


@dataclass(frozen=True)
class ReportTable:
    key: str  # names the table, its CSV file and its title (web.table.<key>)
    columns: tuple[str, ...]
    rows: tuple[tuple[Cell, ...], ...]
    headers: Mapping[str, Localized] = field(default_factory=dict)  # labels not in the catalog

    def column(self, key: str) -> list[Cell]:
        index = self.columns.index(key)
        return [row[index] for row in self.rows]


def share(part: int, whole: int) -> float | None:
    return round(part / whole, 3) if whole else None


def percentile(values: list[float], fraction: float) -> float | None:
    """The nearest-rank percentile (0.5: the median), or None for no values."""
    if not values:
        return None
    ordered = sorted(values)
    rank = max(round(fraction * len(ordered) + 0.5) - 1, 0)
    return ordered[min(rank, len(ordered) - 1)]
