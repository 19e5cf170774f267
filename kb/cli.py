"""`supportbot kb ...`: check the articles, try a search, measure quality on a dataset.

The engine, its models and numpy are imported by the commands that use them: `supportbot --help`
builds these commands without loading them.
"""

from __future__ import annotations

import dataclasses
import json
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Optional, TypeAlias

import typer

if TYPE_CHECKING:
    from kb.evaluation import EvalQuery, EvalReport, IntakeFigures
    from kb.semantic import Meaning

# Replays whole intakes (articles, queries, how many, threshold, models): the bot provides it.
IntakeReplay: TypeAlias = "Callable[[Path, Sequence[EvalQuery], int, float | None, Meaning | None], IntakeFigures]"

_DEFAULT_KB = Path(__file__).with_name("articles")  # the starter KB shipped with supportbot
_LEXICAL = typer.Option("--lexical", help="Ignore the word and subword vectors: match words only.")


def kb_app(replay: IntakeReplay | None = None) -> typer.Typer:
    """The `kb` commands; with `replay`, `kb eval` also replays whole intakes."""
    app = typer.Typer(help="Knowledge base: check articles, search them, evaluate search quality.")
    app.command()(check)
    app.command()(search)
    app.command(name="eval")(_eval_command(replay))
    return app


def check(folder: Annotated[Path, typer.Argument(help="Folder of markdown articles.")] = _DEFAULT_KB) -> None:
    """Load every article and report the ones that cannot be used (exit code 1 if any)."""
    from kb.loader import load_folder

    result = load_folder(folder)
    for problem in result.problems:
        typer.echo(f"{problem.path}: {problem.message}", err=True)
    langs = sorted({article.lang for article in result.articles})
    typer.echo(f"{len(result.articles)} articles ({', '.join(langs) or 'none'}), {len(result.problems)} problems")
    if result.problems:
        raise typer.Exit(code=1)


def search(
    query: Annotated[str, typer.Argument(help="What a user would type.")],
    kb: Annotated[Path, typer.Option("--kb", help="Folder of markdown articles.")] = _DEFAULT_KB,
    limit: Annotated[int, typer.Option(help="How many suggestions at most.")] = 3,
    lang: Annotated[Optional[str], typer.Option(help="fr or en: the user's language.")] = None,  # noqa: UP045
    threshold: Annotated[
        Optional[float], typer.Option(help="Minimum confidence (default: the engine's).")  # noqa: UP045
    ] = None,
    as_json: Annotated[bool, typer.Option("--json", help="Print JSON.")] = False,
    lexical: Annotated[bool, _LEXICAL] = False,
) -> None:
    """Show the articles the bot would suggest for a message."""
    from kb.engine import SearchEngine
    from kb.loader import load_folder
    from kb.semantic import Meaning
    from kb.threads import single_blas_thread

    single_blas_thread()
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
        typer.echo(
            f"{rank}. {hit.article.title}  [{hit.article.id}, {hit.article.lang}]  confidence {hit.confidence:.2f}"
        )
        typer.echo(f"   {hit.snippet}")


def _eval_command(replay: IntakeReplay | None) -> Callable[..., None]:
    def eval_(
        dataset: Annotated[Path, typer.Argument(help="Folder with articles/ and queries.jsonl.")],
        threshold: Annotated[Optional[float], typer.Option(help="Minimum confidence to show a suggestion.")] = None,  # noqa: UP045
        against: Annotated[Optional[Path], typer.Option(  # noqa: UP045
            "--against", help="Ask another KB (folder of articles): a cross-domain probe, every query out of scope.")
        ] = None,
        intakes: Annotated[int, typer.Option(help="Whole intakes to replay (0: none).")] = 120 if replay else 0,
        as_json: Annotated[bool, typer.Option("--json", help="Print JSON.")] = False,
        lexical: Annotated[bool, _LEXICAL] = False,
    ) -> None:
        """Ranking quality, latency, what the threshold shows, and whole intakes replayed."""
        from kb.evaluation import EvalQuery, evaluate, read_queries
        from kb.semantic import Meaning
        from kb.threads import single_blas_thread

        if not (dataset / "queries.jsonl").is_file() or (against is None and not (dataset / "articles").is_dir()):
            typer.echo(f"{dataset}: expected a folder with articles/ and queries.jsonl", err=True)
            raise typer.Exit(code=2)
        if against is not None and not against.is_dir():
            typer.echo(f"{against}: not a folder of articles", err=True)
            raise typer.Exit(code=2)
        single_blas_thread()
        meaning = None if lexical else Meaning.load()
        report = evaluate(dataset, min_confidence=threshold, meaning=meaning, against=against)
        figures = None
        if replay is not None and intakes > 0 and not lexical:
            queries = read_queries(dataset / "queries.jsonl")
            if against is not None:
                queries = [EvalQuery(q.query, (), q.lang) for q in queries]
            figures = replay(against or dataset / "articles", queries, intakes, threshold, meaning)
        if as_json:
            record = dataclasses.asdict(report)
            record["intakes"] = dataclasses.asdict(figures) if figures else None
            typer.echo(json.dumps(record, indent=2))
            return
        _print(report, figures, probe=against is not None)

    return eval_


def _print(report: EvalReport, figures: IntakeFigures | None, *, probe: bool) -> None:
    rows = [("queries", f"{report.queries} ({report.in_scope} in scope, {report.out_of_scope} out of scope)")]
    if not probe:
        rows += [("R@1", f"{report.recall_at_1:.3f}"), ("R@3", f"{report.recall_at_3:.3f}"),
                 ("MRR@10", f"{report.mrr_at_10:.3f}")]
    rows += [
        ("p50", f"{report.p50_ms:.2f} ms"),
        ("p95", f"{report.p95_ms:.2f} ms"),
        ("build", f"{report.build_ms:.0f} ms"),
        ("threshold", f"{report.threshold:.2f}"),
        ("answered rate", f"{report.answered_rate:.3f}" if report.in_scope else "n/a"),
        ("false suggestion rate", f"{report.false_suggestion_rate:.3f}" if report.out_of_scope else "n/a"),
        ("cards per query", f"{report.shown_per_query:.2f}"),
    ]
    if figures is not None:
        rows += [
            ("intakes replayed", str(figures.intakes)),
            ("cards per intake", f"{figures.cards_per_intake:.2f} ({figures.wrong_cards_per_intake:.2f} wrong, "
                                 f"at most {figures.max_wrong_cards} wrong in one)"),
            ("right card first", f"{figures.right_first_rate:.3f} (shown at all {figures.right_shown_rate:.3f})"
                                 if report.in_scope else "n/a"),
            ("searches per intake",
             f"{figures.searches_per_intake:.2f} ({figures.repeated_searches} repeated word for word)"),
        ]
    width = max(len(name) for name, _ in rows)
    for name, value in rows:
        typer.echo(f"{name:<{width}}  {value}")
