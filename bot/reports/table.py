"""A report's table: column keys (labelled by the catalog, ``web.col.<key>``) and rows of plain values."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime

Cell = str | int | float | date | datetime | None


@dataclass(frozen=True)
class ReportTable:
    key: str  # names the table, its CSV file and its title (web.table.<key>)
    columns: tuple[str, ...]
    rows: tuple[tuple[Cell, ...], ...]

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
