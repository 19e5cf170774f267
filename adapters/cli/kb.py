"""``supportbot kb ...``: the knowledge-base commands, plus ``stats`` which reads the database."""

from __future__ import annotations

import json
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING

import typer

from adapters.cli.context import opened_bot

if TYPE_CHECKING:
    from kb.evaluation import EvalQuery, IntakeFigures
    from kb.semantic import Meaning


def kb_commands() -> typer.Typer:
    from kb.cli import kb_app

    app = kb_app(replay=_replay)

    @app.command("stats")
    def stats(
        as_json: bool = typer.Option(False, "--json", help="Print JSON."),
        top: int = typer.Option(10, help="How many unanswered requests to list."),
    ) -> None:
        """Per-article shown/solved/rejected, the deflection rate, and the articles to write next."""
        from bot.suggestions.stats import kb_stats
        from kb.confidence import DEFAULT_MIN_CONFIDENCE

        with opened_bot(with_kb=False) as app, app.sessions() as session:
            configured = app.settings.kb_min_confidence
            report = kb_stats(session, top, DEFAULT_MIN_CONFIDENCE if configured is None else configured,
                              learning=app.settings.kb_learn_threshold)
        if as_json:
            typer.echo(json.dumps(report.as_dict(), ensure_ascii=False, indent=2))
            return
        typer.echo(
            f"Deflection rate: {report.deflection_rate:.1%} "
            f"({report.conversations_deflected} of {report.conversations_shown_articles} conversations shown an article)"
        )
        if report.threshold is not None:
            typer.echo(f"Suggestion threshold: {report.threshold.explain()}")
        typer.echo("")
        typer.echo(f"{'article':<45} {'shown':>6} {'solved':>7} {'rejected':>9}")
        for a in report.articles:
            typer.echo(f"{a.article_id:<45} {a.shown:>6} {a.solved:>7} {a.rejected:>9}")
        typer.echo("")
        typer.echo("Most frequent requests with no confident article (articles to write next):")
        for item in report.unanswered or []:
            typer.echo(f"  {item.count:>4} × {item.example}")
        if not report.unanswered:
            typer.echo("  (none)")

    return app


def _replay(
    articles: Path, queries: Sequence[EvalQuery], limit: int, threshold: float | None, meaning: Meaning | None
) -> IntakeFigures:
    from bot.suggestions.replay import replay_intakes

    return replay_intakes(articles, queries, limit=limit, min_confidence=threshold, meaning=meaning)
