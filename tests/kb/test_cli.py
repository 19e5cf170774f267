import json
from pathlib import Path

from typer.testing import CliRunner

from kb.cli import kb_app as make_kb_app

runner = CliRunner()
kb_app = make_kb_app()


def test_check_ok(kb_folder: Path) -> None:
    result = runner.invoke(kb_app, ["check", str(kb_folder)])
    assert result.exit_code == 0, result.output
    assert "4 articles (en, fr), 0 problems" in result.output


def test_check_reports_each_problem_with_its_file(kb_folder: Path) -> None:
    (kb_folder / "untitled.md").write_text("---\nlang: fr\n---\nCorps\n", encoding="utf-8")
    result = runner.invoke(kb_app, ["check", str(kb_folder)])
    assert result.exit_code == 1
    assert f"{kb_folder / 'untitled.md'}: missing 'title' in front matter" in result.output


def test_search_text_and_json(kb_folder: Path) -> None:
    result = runner.invoke(kb_app, ["search", "mot de pase oublie", "--kb", str(kb_folder), "--lang", "fr"])
    assert result.exit_code == 0, result.output
    assert result.output.startswith("1. Mot de passe oublié")
    result = runner.invoke(kb_app, ["search", "export to pdf", "--kb", str(kb_folder), "--json", "--limit", "1"])
    records = json.loads(result.output)
    assert [r["id"] for r in records] == ["export-pdf"] and 0 <= records[0]["confidence"] <= 1


def test_search_with_nothing_to_suggest(kb_folder: Path) -> None:
    result = runner.invoke(kb_app, ["search", "quel temps fera-t-il demain", "--kb", str(kb_folder)])
    assert result.exit_code == 0 and "No article fits" in result.output


def test_eval_table_and_json(tmp_path: Path, kb_folder: Path) -> None:
    dataset = tmp_path / "ds"
    dataset.mkdir()
    (dataset / "articles").symlink_to(kb_folder)
    (dataset / "queries.jsonl").write_text(
        '{"query": "export to pdf", "expected": ["export-pdf"], "lang": "en"}\n', encoding="utf-8"
    )
    result = runner.invoke(kb_app, ["eval", str(dataset)])
    assert result.exit_code == 0, result.output
    for label in ("R@1", "R@3", "MRR@10", "p50", "p95", "threshold", "answered rate", "false suggestion rate"):
        assert label in result.output
    report = json.loads(runner.invoke(kb_app, ["eval", str(dataset), "--json", "--threshold", "0.2"]).output)
    assert report["recall_at_1"] == 1.0 and report["threshold"] == 0.2


def test_eval_rejects_a_folder_that_is_not_a_dataset(tmp_path: Path) -> None:
    result = runner.invoke(kb_app, ["eval", str(tmp_path)])
    assert result.exit_code == 2
