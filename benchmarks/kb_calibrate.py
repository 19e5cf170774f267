"""Calibrates the search confidence: how often the bot answers, and how often it suggests noise.

    .venv/bin/python benchmarks/kb_calibrate.py DATASET... [--sample 4] [--fit]

For every dataset (a folder with articles/ and queries.jsonl) it adds generic off-topic messages
in the dataset's language (below: small talk, cooking, weather... nothing a help desk answers),
then prints, per threshold, the answered rate (in-scope messages whose right article is shown
first) and the false-suggestion rate (out-of-scope messages that get any suggestion).
With --fit it refits the logistic weights of kb.scoring.Calibration on the pooled messages:
positives are in-scope messages whose top article is right, negatives are out-of-scope ones.
"""

from __future__ import annotations

import argparse
import sys
from collections import Counter
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from kb.engine import SearchEngine  # noqa: E402
from kb.evaluation import read_queries  # noqa: E402
from kb.loader import load_folder  # noqa: E402
from kb.scoring import CALIBRATION, LEXICAL_CALIBRATION, Calibration, Signals  # noqa: E402
from kb.semantic import Meaning  # noqa: E402

OFF_TOPIC = {
    "en": [
        "what's the weather tomorrow", "can you recommend a good restaurant nearby",
        "who won the football match last night", "tell me a joke", "how do I cook pasta carbonara",
        "what time is it in Tokyo", "I want to book a flight to Madrid", "how tall is the Eiffel tower",
        "play some music please", "what is the capital of Australia", "my cat keeps scratching the sofa",
        "recommend me a good science fiction novel", "how many calories in a banana",
        "the coffee machine on the second floor is broken", "when is the next public holiday",
        "can I bring my dog to the office", "what's your favourite colour", "how do I grow tomatoes on a balcony",
        "is it going to rain this weekend", "translate hello into German", "I need a plumber for my kitchen sink",
        "what's the best way to learn guitar", "who is the president of Brazil",
        "my neighbour is too noisy at night", "how do I fix a flat bicycle tyre",
    ],
    "fr": [
        "quel temps fera-t-il demain", "je cherche une recette de crêpes", "qui a gagné le match hier soir",
        "raconte moi une blague", "comment faire pousser des tomates", "la machine à café du deuxième étage est en panne",
        "je veux réserver un billet de train pour Lyon", "quelle est la capitale de l'Australie",
        "mon chat griffe le canapé", "tu peux me conseiller un bon restaurant", "combien de calories dans une banane",
        "c'est quand le prochain jour férié", "est-ce que je peux venir au bureau avec mon chien",
        "quelle heure est-il à Tokyo", "il va pleuvoir ce week-end ?", "j'ai besoin d'un plombier pour l'évier",
        "comment apprendre la guitare rapidement", "qui est le président du Brésil",
        "mes voisins font trop de bruit la nuit", "comment réparer un pneu de vélo crevé",
        "je voudrais poser des congés en août", "le parking est plein ce matin", "la cantine est fermée aujourd'hui ?",
        "quel film regarder ce soir", "bonjour ça va",
    ],
}
_FIELDS = ("coverage", "own", "fit", "evidence", "semantic")


def collect(dataset: Path, sample: int, vectors: Meaning | None) -> list[tuple[Signals | None, bool, bool]]:
    """(signals of the top article, in scope, top article right) per message."""
    engine = SearchEngine.build(load_folder(dataset / "articles").articles, vectors)
    queries = read_queries(dataset / "queries.jsonl")
    lang = Counter(q.lang for q in queries).most_common(1)[0][0] or "en"
    messages = [(q.query, q.expected, q.lang) for q in queries[::sample]]
    messages += [(text, (), lang) for text in OFF_TOPIC.get(lang, [])]
    rows = []
    for text, expected, query_lang in messages:
        top = engine.explain(text, limit=1, lang=query_lang)
        signals = top[0][1] if top else None
        rows.append((signals, bool(expected), bool(top) and top[0][0].id in expected))
    return rows


def fit(rows: list[tuple[Signals | None, bool, bool]]) -> Calibration:
    """Plain logistic regression by gradient descent, with a little L2 to keep weights modest."""
    data = [(s, right) for s, in_scope, right in rows if s is not None and (right or not in_scope)]
    x = np.array([[getattr(s, f) for f in _FIELDS] for s, _ in data])
    y = np.array([right for _, right in data], dtype=float)
    w, b = np.zeros(len(_FIELDS)), 0.0
    for _ in range(20000):
        p = 1.0 / (1.0 + np.exp(-(x @ w + b)))
        w -= 0.5 * (x.T @ (p - y) / len(y) + 0.001 * w)
        b -= 0.5 * float(np.mean(p - y))
    return Calibration(round(b, 1), *(round(float(v), 1) for v in w))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("datasets", type=Path, nargs="+")
    parser.add_argument("--sample", type=int, default=1, help="use every n-th query of each dataset")
    parser.add_argument("--fit", action="store_true", help="refit the calibration weights")
    parser.add_argument("--lexical", action="store_true", help="without the word vectors")
    args = parser.parse_args()
    vectors = None if args.lexical else Meaning.load()
    pooled = []
    for dataset in args.datasets:
        rows = collect(dataset, args.sample, vectors)
        pooled += rows
        calibration = CALIBRATION if vectors else LEXICAL_CALIBRATION
        conf = [calibration.apply(s) if s else 0.0 for s, _, _ in rows]
        in_scope = sum(1 for _, i, _ in rows if i)
        out = len(rows) - in_scope
        print(f"{dataset.name}: {in_scope} in scope, {out} out of scope (answered / false suggestions)")
        for t in np.arange(0.3, 0.95, 0.05):
            answered = sum(1 for c, (_, i, r) in zip(conf, rows) if i and r and c >= t) / max(in_scope, 1)
            false = sum(1 for c, (_, i, _) in zip(conf, rows) if not i and c >= t) / max(out, 1)
            print(f"  {t:.2f}  {answered:.3f}  {false:.3f}")
    if args.fit:
        print("fitted:", fit(pooled))


if __name__ == "__main__":
    main()
