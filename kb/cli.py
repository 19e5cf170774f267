"""`supportbot kb ...`: check the articles, try a search, measure quality on a dataset."""

from __future__ import annotations

import dataclasses
import json
from pathlib import Path
from typing import Annotated, Optional

import typer

from kb.engine import SearchEngine
from kb.evaluation import evaluate
from kb.loader import load_folder
from kb.semantic import Meaning

kb_app = typer.Typer(help="Knowledge base: check articles, search them, evaluate search quality.")

_DEFAULT_KB = Path(__file__).with_name("articles")  # the starter KB shipped with supportbot
_LEXICAL = typer.Option("--lexical", help="Ignore the word and subword vectors: match words only.")


@kb_app.command()
def check(folder: Annotated[Path, typer.Argument(help="Folder of markdown articles.")] = _DEFAULT_KB) -> None:
    """Load every article and report the ones that cannot be used (exit code 1 if any)."""
    result = load_folder(folder)
    for problem in result.problems:
        typer.echo(f"{problem.path}: {problem.message}", err=True)
    langs = sorted({article.lang for article in result.articles})
    typer.echo(f"{len(result.articles)} articles ({', '.join(langs) or 'none'}), {len(result.problems)} problems")
    if result.problems:
        raise typer.Exit(code=1)


@kb_app.command()
def search(
    query: Annotated[str, typer.Argument(help="What a user would type.")],
    kb: Annotated[Path, typer.Option("--kb", help="Folder of markdown articles.")] = _DEFAULT_KB,
    limit: Annotated[int, typer.Option(help="How many suggestions at most.")] = 3,
    lang: Annotated[Optional[str], typer.Option(help="fr or en: the user's language.")] = None,  # noqa: UP007
    threshold: Annotated[
        Optional[float], typer.Option(help="Minimum confidence (default: the engine's).")  # noqa: UP007
    ] = None,
    as_json: Annotated[bool, typer.Option("--json", help="Print JSON.")] = False,
    lexical: Annotated[bool, _LEXICAL] = False,
) -> None:
    """Show the articles the bot would suggest for a message."""
    engine = SearchEngine.build(load_folder(kb).articles, None if lexical else Meaning.load())
    hits = engine.search(query, limit=limit, lang=lang, min_confidence=threshold)
    if as_json:
        records = [
            {"id": h.article.id, "title": h.article.title, "lang": h.article.lang, "score": h.score,
             "confidence": h.confidence, "snippet": h.snippet, "url": h.article.url}
            for h in hits
        ]
        typer.echo(json.dumps(records, ensure_ascii=False, indent=2))
        return
    if not hits:
        typer.echo("No article fits this message.")
    for rank, hit in enumerate(hits, start=1):
        typer.echo(f"{rank}. {hit.article.title}  [{hit.article.id}, {hit.article.lang}]  confidence {hit.confidence:.2f}")
        typer.echo(f"   {hit.snippet}")


@kb_app.command(name="eval")
def eval_(
    dataset: Annotated[Path, typer.Argument(help="Folder with articles/ and queries.jsonl.")],
    threshold: Annotated[Optional[float], typer.Option(help="Minimum confidence to show a suggestion.")] = None,  # noqa: UP007
    as_json: Annotated[bool, typer.Option("--json", help="Print JSON.")] = False,
    lexical: Annotated[bool, _LEXICAL] = False,
) -> None:
    """Measure ranking quality, latency and the effect of the confidence threshold."""
    if not (dataset / "queries.jsonl").is_file() or not (dataset / "articles").is_dir():
        typer.echo(f"{dataset}: expected a folder with articles/ and queries.jsonl", err=True)
        raise typer.Exit(code=2)
    report = evaluate(dataset, min_confidence=threshold, meaning=None if lexical else Meaning.load())
    if as_json:
        typer.echo(json.dumps(dataclasses.asdict(report), indent=2))
        return
    rows = [
        ("queries", f"{report.queries} ({report.in_scope} in scope, {report.out_of_scope} out of scope)"),
        ("R@1", f"{report.recall_at_1:.3f}"),
        ("R@3", f"{report.recall_at_3:.3f}"),
        ("MRR@10", f"{report.mrr_at_10:.3f}"),
        ("p50", f"{report.p50_ms:.2f} ms"),
        ("p95", f"{report.p95_ms:.2f} ms"),
        ("build", f"{report.build_ms:.0f} ms"),
        ("threshold", f"{report.threshold:.2f}"),
        ("answered rate", f"{report.answered_rate:.3f}"),
        ("false suggestion rate", f"{report.false_suggestion_rate:.3f}" if report.out_of_scope else "n/a"),
    ]
    width = max(len(name) for name, _ in rows)
    for name, value in rows:
        typer.echo(f"{name:<{width}}  {value}")
