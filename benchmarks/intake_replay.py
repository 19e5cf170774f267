"""Whole intakes through the real core: how many article cards does one request show?

    .venv/bin/python benchmarks/intake_replay.py [DATASET...] [--limit N] [--threshold T]

Every query of each dataset (the starter sets by default) is the summary of a new intake played
on the console, with ordinary answers to every later question (bot.suggestions.replay). Prints,
per dataset: article cards per intake and the wrong ones, how often the first card was the
right article, and how many searches repeated the previous one word for word. The issue's
targets: at most 3 cards and 1 wrong one per intake on average, the right article first when
the KB has it, no repeated search.
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from bot.suggestions.replay import replay_intakes  # noqa: E402
from kb.evaluation import evaluate, read_queries  # noqa: E402
from kb.semantic import Meaning  # noqa: E402
from kb.threads import single_blas_thread  # noqa: E402

STARTER_SETS = [ROOT / "benchmarks" / "datasets" / "fr-starter", ROOT / "benchmarks" / "datasets" / "en-starter"]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("datasets", type=Path, nargs="*", default=STARTER_SETS)
    parser.add_argument("--limit", type=int, default=10_000, help="intakes per dataset at most")
    parser.add_argument("--threshold", type=float, default=None)
    args = parser.parse_args()
    single_blas_thread()
    meaning = Meaning.load()
    print(f"{'dataset':<14} {'intakes':>7} {'cards':>6} {'wrong':>6} {'max wrong':>9} {'right 1st':>9} "
          f"{'single query':>12} {'searches':>8} {'repeated':>8} {'seconds':>7}")
    for dataset in args.datasets:
        started = time.perf_counter()
        queries = read_queries(dataset / "queries.jsonl")
        figures = replay_intakes(dataset / "articles", queries, limit=args.limit, min_confidence=args.threshold,
                                 meaning=meaning)
        # The same queries asked once, outside an intake: what the first card could at best be.
        single = evaluate(dataset, min_confidence=args.threshold, meaning=meaning)
        print(f"{dataset.name:<14} {figures.intakes:>7} {figures.cards_per_intake:>6.2f} "
              f"{figures.wrong_cards_per_intake:>6.2f} {figures.max_wrong_cards:>9} {figures.right_first_rate:>9.3f} "
              f"{single.answered_rate:>12.3f} {figures.searches_per_intake:>8.2f} {figures.repeated_searches:>8} "
              f"{time.perf_counter() - started:>7.0f}")


if __name__ == "__main__":
    main()
