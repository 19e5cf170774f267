import json
from pathlib import Path

import pytest

from kb.evaluation import evaluate


def _dataset(tmp_path: Path, kb_folder: Path, queries: list[dict[str, object]]) -> Path:
    dataset = tmp_path / "dataset"
    dataset.mkdir()
    (dataset / "articles").symlink_to(kb_folder)
    lines = [json.dumps(q, ensure_ascii=False) for q in queries]
    (dataset / "queries.jsonl").write_text("\n".join(lines) + "\n", encoding="utf-8")
    return dataset


QUERIES: list[dict[str, object]] = [
    {"query": "j'ai oublié mon mot de passe", "expected": ["mot-de-passe-oublie"], "lang": "fr"},
    {"query": "export the report to pdf", "expected": ["export-pdf"], "lang": "en"},
    # A query whose expected article is not in the KB: a miss at every depth.
    {"query": "export the report to pdf", "expected": ["missing-article"], "lang": "en"},
    {"query": "recette de crêpes au sucre", "expected": [], "lang": "fr"},
]


def test_figures_on_a_tiny_dataset(tmp_path: Path, kb_folder: Path) -> None:
    report = evaluate(_dataset(tmp_path, kb_folder, QUERIES))
    assert (report.queries, report.in_scope, report.out_of_scope) == (4, 3, 1)
    assert report.recall_at_1 == pytest.approx(2 / 3)
    assert report.recall_at_3 == pytest.approx(2 / 3)
    assert report.mrr_at_10 == pytest.approx(2 / 3)
    assert report.answered_rate == pytest.approx(2 / 3)
    assert report.false_suggestion_rate == 0.0
    assert 0 < report.p50_ms <= report.p95_ms and report.build_ms > 0


def test_threshold_above_one_answers_nothing(tmp_path: Path, kb_folder: Path) -> None:
    report = evaluate(_dataset(tmp_path, kb_folder, QUERIES), min_confidence=1.01)
    assert report.threshold == 1.01 and report.answered_rate == 0.0
    assert report.recall_at_1 == pytest.approx(2 / 3)  # the raw ranking ignores the threshold


def test_threshold_zero_suggests_for_everything_that_matches(tmp_path: Path, kb_folder: Path) -> None:
    queries = [{"query": "mot de passe du wifi de la cantine", "expected": [], "lang": "fr"}]
    report = evaluate(_dataset(tmp_path, kb_folder, queries), min_confidence=0.0)
    assert report.false_suggestion_rate == 1.0 and report.in_scope == 0 and report.recall_at_3 == 0.0
