"""The tally as a table people read at the end of a run."""

from __future__ import annotations

from tests.support.crowd.tally import Tally


def percentile(values: list[float], share: float) -> float:
    if not values:
        return float("nan")
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(share * len(ordered)))]


def render(tally: Tally, title: str) -> str:
    rows = [("", *(p.name for p in tally.platforms))]
    figures = [
        ("customers (finished)", lambda p: f"{p.customers} ({p.finished})"),
        ("things said (confirmed)", lambda p: f"{p.said} ({p.confirmed})"),
        ("never confirmed by the bot", lambda p: p.never_confirmed),
        ("LOST (confirmed, never answered)", lambda p: p.lost),
        ("HALF TURNS (no question at the end)", lambda p: p.half_turns),
        ("MISFILED answers (recap)", lambda p: p.misfiled),
        ("DUPLICATE replies", lambda p: p.duplicate_replies),
        ("answer p50 / p95 (s)", lambda p: f"{percentile(p.latencies, 0.5):.2f} / {percentile(p.latencies, 0.95):.2f}"),
    ]
    rows += [(label, *(str(value(p)) for p in tally.platforms)) for label, value in figures]
    width = [max(len(row[k]) for row in rows) for k in range(len(rows[0]))]
    lines = [f"== {title} ==", *("  ".join(cell.ljust(width[k]) for k, cell in enumerate(row)) for row in rows)]
    lines.append(f"tickets filed (references given): {len(tally.references)}; tickets per customer "
                 f"(database): {dict(sorted(tally.tickets_per_customer.items()))}")
    for agents in tally.agents:
        doubled = sum(1 for n in agents.cards.values() if n > 1)
        topics = f", topics per ticket {dict(sorted(_spread(agents.topics).items()))}, ORPHAN topics " \
                 f"{agents.orphan_topics}" if agents.topics or agents.orphan_topics else ""
        lines.append(f"{agents.name}: cards for {len(agents.cards)}/{len(tally.references)} tickets, "
                     f"tickets with 2+ cards {doubled} (extra cards {sum(agents.cards.values()) - len(agents.cards)})"
                     f"{topics}")
    lines += tally.notes
    return "\n".join(lines)


def _spread(counts: dict[str, int]) -> dict[int, int]:
    """{n: how many tickets have n of them}."""
    spread: dict[int, int] = {}
    for n in counts.values():
        spread[n] = spread.get(n, 0) + 1
    return spread
