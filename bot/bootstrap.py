"""Wire the bot by hand, in one place, from the settings. Nothing else builds services."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime

from sqlalchemy import Engine
from sqlalchemy.orm import Session, sessionmaker

from bot.conversation.flow import IntakeFlow
from bot.conversation.prompts import Prompter
from bot.conversation.suggestions import ArticleSuggester
from bot.conversation.turns import IntakeTurns
from bot.desk import DeskLimits, HelpDesk
from bot.i18n import Catalog, normalize_language
from bot.intake.loader import load_script
from bot.intake.questions import IntakeScript
from bot.requester_views import RequesterViews
from bot.settings import Settings
from bot.storage.database import make_engine, make_session_factory
from bot.storage.migrate import upgrade
from bot.tickets.filing import TicketFiler
from bot.tickets.submission import Submission


def utc_now() -> datetime:
    return datetime.now(UTC)


@dataclass
class SupportBot:
    """Everything a running bot (or a CLI command) needs, built once."""

    settings: Settings
    engine: Engine
    sessions: sessionmaker[Session]
    catalog: Catalog
    script: IntakeScript
    desk: HelpDesk
    filer: TicketFiler
    suggester: ArticleSuggester | None
    clock: Callable[[], datetime]

    def close(self) -> None:
        self.engine.dispose()


def build(
    settings: Settings,
    *,
    clock: Callable[[], datetime] = utc_now,
    migrate: bool = True,
    with_kb: bool = True,
) -> SupportBot:
    engine = make_engine(settings.database_url)
    if migrate:
        upgrade(engine)
    sessions = make_session_factory(engine)
    catalog = Catalog.load()
    script = load_script(settings.intake_questions_file)
    filer = TicketFiler(script, catalog, settings.ticket_prefix, clock)
    suggester = _suggester(settings, script, catalog, clock) if with_kb else None
    prompter = Prompter(script, catalog)
    turns = IntakeTurns(IntakeFlow(script), prompter, filer, suggester, Submission(filer, catalog), clock)
    desk = HelpDesk(
        sessions=sessions,
        turns=turns,
        prompter=prompter,
        views=RequesterViews(catalog, suggester),
        catalog=catalog,
        default_language=normalize_language(settings.default_language),
        limits=DeskLimits(settings.max_message_chars, settings.max_attachments),
        clock=clock,
    )
    return SupportBot(settings, engine, sessions, catalog, script, desk, filer, suggester, clock)


def _suggester(
    settings: Settings, script: IntakeScript, catalog: Catalog, clock: Callable[[], datetime]
) -> ArticleSuggester:
    from bot.suggestions.service import KbSuggester
    from kb.library import KnowledgeBase

    kb = KnowledgeBase(settings.resolved_kb_dir(), min_confidence=settings.kb_min_confidence)
    return KbSuggester(kb, script, catalog, settings.kb_max_suggestions, clock)
