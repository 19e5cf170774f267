"""Measures search quality and speed on a dataset: a folder with articles/ and queries.jsonl.

Ranking figures (R@k, MRR) use the raw ranking (no threshold) over in-scope queries; the
answered and false-suggestion rates use what the bot would show (the threshold, then the
shortlist: other articles only when close to the first), as a user would see it behave.
With `against`, the queries are asked of another knowledge base: a cross-domain probe, where
every query is out of scope and only the false-suggestion rate means something.
"""

from __future__ import annotations

import json
import time
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from kb.engine import DEFAULT_MIN_CONFIDENCE, SearchEngine
from kb.loader import load_folder
from kb.semantic import Meaning

_RANKING_DEPTH = 10


@dataclass(frozen=True)
class EvalQuery:
    query: str
    expected: tuple[str, ...]  # empty: out of scope, nothing should be suggested
    lang: str | None


@dataclass(frozen=True)
class EvalReport:
    queries: int
    in_scope: int
    out_of_scope: int
    recall_at_1: float
    recall_at_3: float
    mrr_at_10: float
    p50_ms: float
    p95_ms: float
    threshold: float
    answered_rate: float
    false_suggestion_rate: float
    build_ms: float
    shown_per_query: float  # cards a single message gets, on average


@dataclass(frozen=True)
class IntakeFigures:
    """Whole intakes replayed through the bot (bot.suggestions.replay), each query a summary."""

    intakes: int
    cards_per_intake: float
    wrong_cards_per_intake: float  # cards whose article was not an expected one
    max_wrong_cards: int
    right_first_rate: float  # in-scope intakes whose first card was right
    right_shown_rate: float  # in-scope intakes shown a right card at some point
    searches_per_intake: float
    repeated_searches: int  # searches with the same query as the intake's previous one


def read_queries(path: Path) -> list[EvalQuery]:
    queries = []
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
        if not line.strip():
            continue
        try:
            record = json.loads(line)
            queries.append(EvalQuery(str(record["query"]), tuple(record.get("expected") or ()), record.get("lang")))
        except (ValueError, KeyError, TypeError) as error:
            raise ValueError(f"{path}:{number}: not a query record ({error})") from error
    return queries


def evaluate(
    dataset: Path, *, min_confidence: float | None = None, limit_shown: int = 3, meaning: Meaning | None = None,
    against: Path | None = None,
) -> EvalReport:
    threshold = DEFAULT_MIN_CONFIDENCE if min_confidence is None else min_confidence
    articles = load_folder(against or dataset / "articles").articles
    queries = read_queries(dataset / "queries.jsonl")
    if against is not None:
        queries = [EvalQuery(q.query, (), q.lang) for q in queries]  # nothing there answers them
    started = time.perf_counter()
    engine = SearchEngine.build(articles, meaning)
    build_ms = (time.perf_counter() - started) * 1000
    ranks: list[int | None] = []
    answered = false_suggestions = cards = 0
    latencies: list[float] = []
    for item in queries:
        started = time.perf_counter()
        shown = engine.search(item.query, limit=limit_shown, lang=item.lang, min_confidence=threshold)
        latencies.append((time.perf_counter() - started) * 1000)  # what the bot waits for
        ranking = engine.rank(item.query, limit=_RANKING_DEPTH, lang=item.lang)
        cards += len(shown)
        if item.expected:
            ids = [hit.article.id for hit in ranking]
            ranks.append(next((i for i, article_id in enumerate(ids) if article_id in item.expected), None))
            answered += any(hit.article.id in item.expected for hit in shown)
        else:
            false_suggestions += bool(shown)
    in_scope = len(ranks)
    out_of_scope = len(queries) - in_scope
    return EvalReport(
        queries=len(queries),
        in_scope=in_scope,
        out_of_scope=out_of_scope,
        recall_at_1=_share(sum(r is not None and r < 1 for r in ranks), in_scope),
        recall_at_3=_share(sum(r is not None and r < 3 for r in ranks), in_scope),
        mrr_at_10=_share(sum(1.0 / (r + 1) for r in ranks if r is not None), in_scope),
        p50_ms=float(np.percentile(latencies, 50)) if latencies else 0.0,
        p95_ms=float(np.percentile(latencies, 95)) if latencies else 0.0,
        threshold=threshold,
        answered_rate=_share(answered, in_scope),
        false_suggestion_rate=_share(false_suggestions, out_of_scope),
        build_ms=build_ms,
        shown_per_query=_share(cards, len(queries)),
    )


def _share(count: float, total: int) -> float:
    return count / total if total else 0.0
