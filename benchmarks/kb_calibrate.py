"""Fits and judges the search confidence under the protocol of docs/kb-calibration.md.

    .venv/bin/python benchmarks/kb_calibrate.py [--fit] [--diagram docs/kb-reliability.png] [--lexical] [--fit-top N]

Every message gets a fold from its topic, never from its own line: a starter topic (its French
and English articles together, benchmarks/datasets/starter-topics.json), a banking intent, or,
out of scope, every other message. Cross-domain probes (one KB's questions against another KB,
all out of scope) keep the fold of the question's own topic. The logistic weights fitted on one
fold judge the other, and the threshold is the one the tuning fold chose; so every figure
printed is on messages whose topics the weights never saw. --fit prints the weights fitted on
both folds, to ship in kb/confidence.py. --heldout judges the shipped weights and threshold on
the knowledge bases of other domains that nothing was fitted or chosen on
(benchmarks/datasets/heldout-*), and on cross-domain probes with them.
"""

from __future__ import annotations

import argparse
import json
import sys
from dataclasses import dataclass, fields
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from kb.article import Article  # noqa: E402
from kb.confidence import Calibration  # noqa: E402
from kb.engine import SearchEngine  # noqa: E402
from kb.evaluation import evaluate, read_queries  # noqa: E402
from kb.loader import load_folder  # noqa: E402
from kb.semantic import Meaning  # noqa: E402
from kb.shortlist import shortlist  # noqa: E402
from kb.signals import Signals  # noqa: E402
from kb.threads import single_blas_thread  # noqa: E402

STARTER = ROOT / "kb" / "articles"
BANKING = ROOT.parent / "shared" / "eval" / "banking77-dev"
DATASETS = ROOT / "benchmarks" / "datasets"
FIELDS = [f.name for f in fields(Signals)]
# The operating point: the most false suggestions allowed on the tuning folds (the issue's
# targets: en-starter 15 %, fr-starter and every cross-domain probe 10 %).
MAX_FALSE = {"en-starter": 0.15}
MAX_FALSE_OTHERS = 0.10
CHATTER = DATASETS / "chatter.jsonl"  # vague or off-topic chat in both languages, no KB answers it
# Candidates of each message the weights are fitted on. Fitting on the best one only (what the
# decision to show is about) was measured too (--fit-top 1, docs/kb-calibration.md): more
# answered, but fr-starter's judged false suggestions went over its target.
FIT_TOP = 3


@dataclass(frozen=True)
class Case:
    """One message, its best candidates' signals, and what would have been right."""

    set: str
    kb: str
    fold: int
    in_scope: bool
    candidates: tuple[tuple[Article, Signals, bool], ...]  # best first; bool: this one is right
    message: str = ""


@dataclass(frozen=True)
class Shown:
    article: Article
    confidence: float
    right: bool


def topic_folds() -> dict[str, int]:
    topics = json.loads((DATASETS / "starter-topics.json").read_text(encoding="utf-8"))["topics"]
    folds = {article: k % 2 for k, pair in enumerate(topics) for article in pair}
    banking = sorted(p.stem for p in (BANKING / "articles").glob("*.md"))
    folds.update({article: k % 2 for k, article in enumerate(banking)})
    return folds


def collect(meaning: Meaning | None) -> list[Case]:
    engines = {
        "starter": SearchEngine.build(load_folder(STARTER).articles, meaning),
        "banking": SearchEngine.build(load_folder(BANKING / "articles").articles, meaning),
    }
    folds = topic_folds()
    sets = {
        "fr-starter": ("starter", DATASETS / "fr-starter" / "queries.jsonl"),
        "en-starter": ("starter", DATASETS / "en-starter" / "queries.jsonl"),
        "banking77-dev": ("banking", BANKING / "queries.jsonl"),
        "chatter": ("starter", CHATTER),
    }
    probes = {"banking77-dev": "starter", "en-starter": "banking", "fr-starter": "banking", "chatter": "banking"}
    cases = []
    for name, (kb, path) in sets.items():
        for line, query in enumerate(read_queries(path)):
            fold = folds[query.expected[0]] if query.expected else line % 2
            for on, probe in ((kb, False), (probes[name], True)):
                expected = () if probe else query.expected
                ranked = engines[on].explain(query.query, limit=5, lang=query.lang)
                candidates = tuple((a, s, a.id in expected) for a, s in ranked)
                label = f"{name} on {on}" if probe else name
                cases.append(Case(label, on, fold, bool(expected), candidates, query.query))
    return cases


def fit(cases: list[Case], lexical: bool, top: int = FIT_TOP) -> Calibration:
    """Logistic regression (Newton, light L2) on the best `top` candidates of every message;
    each set weighs the same, so the big banking set does not decide for the others."""
    rows, labels, weights = [], [], []
    for name in {c.set for c in cases}:
        mine = [c for c in cases if c.set == name]
        count = sum(len(c.candidates[:top]) for c in mine) or 1
        for case in mine:
            for _, signals, right in case.candidates[:top]:
                rows.append([getattr(signals, f) for f in FIELDS])
                labels.append(float(right))
                weights.append(1000.0 / count)
    x = np.hstack([np.asarray(rows), np.ones((len(rows), 1))])
    y, w = np.asarray(labels), np.asarray(weights)
    if lexical:
        x[:, FIELDS.index("semantic")] = 0.0
    beta = np.zeros(x.shape[1])
    ridge = np.diag([1.0] * len(FIELDS) + [0.0])
    for _ in range(30):
        p = 1.0 / (1.0 + np.exp(-(x @ beta)))
        gradient = x.T @ (w * (p - y)) + ridge @ beta
        hessian = (x * (w * p * (1 - p))[:, None]).T @ x + ridge
        beta -= np.linalg.solve(hessian, gradient)
    return Calibration(bias=round(float(beta[-1]), 1), **{f: round(float(b), 1) for f, b in zip(FIELDS, beta, strict=False)})


def shown(case: Case, calibration: Calibration, threshold: float) -> list[Shown]:
    ranked = [Shown(a, calibration.apply(s), right) for a, s, right in case.candidates]
    return shortlist(ranked, threshold, 3)


def rates(cases: list[Case], calibration: Calibration, threshold: float) -> tuple[float, float, float]:
    """(answered, false suggestions, cards shown per message) at this threshold."""
    answered = false = cards = 0
    in_scope = sum(c.in_scope for c in cases)
    for case in cases:
        hits = shown(case, calibration, threshold)
        cards += len(hits)
        if case.in_scope:
            answered += any(h.right for h in hits)
        else:
            false += bool(hits)
    out = len(cases) - in_scope
    return answered / max(in_scope, 1), false / max(out, 1), cards / max(len(cases), 1)


def choose_threshold(cases: list[Case], calibration: Calibration) -> float:
    """The lowest threshold whose false-suggestion rate stays within MAX_FALSE on every set."""
    sets = {c.set for c in cases}
    for threshold in np.arange(0.20, 0.95, 0.01):
        if all(
            rates([c for c in cases if c.set == s], calibration, threshold)[1] <= MAX_FALSE.get(s, MAX_FALSE_OTHERS)
            for s in sets
        ):
            return round(float(threshold), 2)
    return 0.95


def judged(
    cases: list[Case], lexical: bool, top: int = FIT_TOP
) -> tuple[dict[int, Calibration], dict[int, float]]:
    models, thresholds = {}, {}
    for fold in (0, 1):
        tune = [c for c in cases if c.fold != fold]
        models[fold] = fit(tune, lexical, top)
        thresholds[fold] = choose_threshold(tune, models[fold])
    return models, thresholds


def report(cases: list[Case], lexical: bool, diagram: Path | None, top: int = FIT_TOP) -> None:
    models, thresholds = judged(cases, lexical, top)
    print(f"thresholds chosen on the tuning folds: {thresholds[1]:.2f} (judges fold 0), {thresholds[0]:.2f} (fold 1)")
    print(f"{'set (judged folds)':<32} {'messages':>8} {'answered':>9} {'false':>6} {'cards':>6}")
    for name in sorted({c.set for c in cases}):
        totals = np.zeros(3)
        mine = [c for c in cases if c.set == name]
        for fold in (0, 1):
            part = [c for c in mine if c.fold == fold]
            totals += np.asarray(rates(part, models[fold], thresholds[fold])) * len(part)
        answered, false, cards = totals / max(len(mine), 1)
        in_scope = any(c.in_scope for c in mine)
        print(f"{name:<32} {len(mine):>8} {answered if in_scope else float('nan'):>9.3f} {false:>6.3f} {cards:>6.2f}")
    if diagram is not None:
        from benchmarks.reliability import draw

        points = [
            (shown_[0].confidence, shown_[0].right)
            for c in cases if c.candidates
            for shown_ in [[Shown(a, models[c.fold].apply(s), r) for a, s, r in c.candidates[:1]]]
        ]
        draw(points, diagram, "Confidence of the best candidate, judged folds (weights never saw their topics)")
        print(f"reliability diagram written to {diagram}")


def heldout(meaning: Meaning | None) -> None:
    """The shipped confidence on KBs it never saw, and every probe between them and the others."""
    judged = sorted(DATASETS.glob("heldout-*"))
    kbs = {"starter": STARTER, "banking": BANKING / "articles", **{d.name: d / "articles" for d in judged}}
    sets = {d.name: d for d in [DATASETS / "fr-starter", DATASETS / "en-starter", BANKING, *judged]}
    print(f"{'held-out set or probe':<44} {'R@3':>6} {'answered':>9} {'false':>6}")
    for dataset in judged:
        r = evaluate(dataset, meaning=meaning)
        print(f"{dataset.name:<44} {r.recall_at_3:>6.3f} {r.answered_rate:>9.3f} {r.false_suggestion_rate:>6.3f}")
    for name, dataset in sets.items():
        for kb, folder in kbs.items():
            own = dataset.name.startswith(("fr-starter", "en-starter")) and kb == "starter"
            if own or (dataset == BANKING and kb == "banking") or kb == name or not (
                kb.startswith("heldout") or name.startswith("heldout")
            ):
                continue  # its own KB, or a probe between development sets (judged above)
            r = evaluate(dataset, meaning=meaning, against=folder)
            print(f"{name + ' on ' + kb:<44} {'':>6} {'':>9} {r.false_suggestion_rate:>6.3f}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--fit", action="store_true", help="print the weights fitted on every fold")
    parser.add_argument("--lexical", action="store_true", help="without word vectors")
    parser.add_argument("--diagram", type=Path, help="write the reliability diagram (PNG) here")
    parser.add_argument("--heldout", action="store_true", help="only judge the shipped weights on held-out KBs")
    parser.add_argument("--fit-top", type=int, default=FIT_TOP, help="candidates per message the weights are fitted on")
    args = parser.parse_args()
    single_blas_thread()
    meaning = None if args.lexical else Meaning.load()
    if args.heldout:
        heldout(meaning)
        return
    cases = collect(meaning)
    report(cases, args.lexical, args.diagram, args.fit_top)
    if args.fit:
        calibration = fit(cases, args.lexical, args.fit_top)
        print("fitted on all folds:", calibration)
        print("threshold:", choose_threshold(cases, calibration))


if __name__ == "__main__":
    main()
