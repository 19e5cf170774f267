"""Wire the bot by hand, in one place, from the settings. Nothing else builds services."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import TYPE_CHECKING

from sqlalchemy import Engine
from sqlalchemy.orm import Session, sessionmaker

from bot.conversation.flow import IntakeFlow
from bot.conversation.prompts import Prompter
from bot.conversation.suggestions import ArticleSuggester
from bot.conversation.turns import IntakeTurns
from bot.desk import DeskLimits, HelpDesk, TicketSide
from bot.i18n import Catalog, normalize_language
from bot.intake.loader import load_script
from bot.intake.questions import IntakeScript
from bot.lifecycle.access import RequesterPolicy
from bot.lifecycle.actors import AgentRegistry
from bot.lifecycle.agent_desk import AgentDesk
from bot.lifecycle.cards import TicketCards
from bot.lifecycle.notifier import Notifier
from bot.lifecycle.pending import PendingActions
from bot.lifecycle.requester_desk import RequesterDesk
from bot.lifecycle.service import TicketLifecycle
from bot.lifecycle.sla_tracking import SlaClock
from bot.lifecycle.transitions import AuditTrail
from bot.messages import Destination, Platform
from bot.outbox.outbox import Outbox
from bot.requester_views import RequesterViews
from bot.settings import Settings
from bot.sla.calendar import BusinessCalendar
from bot.sla.hours_notice import format_moment
from bot.sla.policy import SlaPolicy
from bot.storage.database import make_engine, make_session_factory
from bot.storage.migrate import upgrade
from bot.tickets.filing import TicketFiler
from bot.tickets.submission import Submission

if TYPE_CHECKING:
    from kb.semantic import Meaning

CONSOLE_AGENTS_CHANNEL = "agents"


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
    outbox: Outbox
    lifecycle: TicketLifecycle
    calendar: BusinessCalendar
    sla: SlaClock
    clock: Callable[[], datetime]

    def close(self) -> None:
        self.engine.dispose()


def agent_destinations(settings: Settings) -> list[Destination]:
    """Where ticket cards go: the configured agents' channels, or the agents' console."""
    destinations = []
    if settings.slack_configured and settings.slack_agents_channel:
        destinations.append(Destination(Platform.SLACK, settings.slack_agents_channel))
    if settings.telegram_configured and settings.telegram_agents_chat_id:
        destinations.append(Destination(Platform.TELEGRAM, settings.telegram_agents_chat_id))
    return destinations or [Destination(Platform.CONSOLE, CONSOLE_AGENTS_CHANNEL)]


def build(
    settings: Settings, *, clock: Callable[[], datetime] = utc_now, migrate: bool = True, with_kb: bool = True,
    meaning: Meaning | None = None,
) -> SupportBot:
    """`meaning`: the knowledge base's models of meaning, loaded here when not given (a process
    that builds several bots, like the test suite, loads them once)."""
    engine = make_engine(settings.database_url)
    if migrate:
        upgrade(engine)
    sessions = make_session_factory(engine)
    catalog = Catalog.load()
    script = load_script(settings.intake_questions_file)
    calendar = BusinessCalendar.from_settings(
        tz=settings.business_timezone, days=settings.business_days, hours=settings.business_hours,
        country=settings.holidays_country, subdivision=settings.holidays_subdivision, closed_dates=settings.closed_dates,
    )
    sla = SlaClock(SlaPolicy.parse(settings.sla_targets, calendar.business_day_length), calendar)
    agents_language = normalize_language(settings.agents_language)
    cards = TicketCards(catalog, agents_language, lambda moment, lang: format_moment(moment, lang, calendar))
    outbox = Outbox(clock)
    audit = AuditTrail(clock, sla)
    notifier = Notifier(outbox, cards, agent_destinations(settings))
    pending = PendingActions(clock)
    lifecycle = TicketLifecycle(audit, notifier, sla, catalog, agents_language, settings.reopen_days, clock, pending)
    policy = RequesterPolicy({
        Platform.SLACK: settings.slack_requesters, Platform.TELEGRAM: settings.telegram_requesters,
        Platform.CONSOLE: settings.console_requesters,
    })
    tickets = TicketSide(
        agents=AgentDesk(AgentRegistry(settings.agents), lifecycle, cards, outbox, pending),
        requesters=RequesterDesk(lifecycle, pending, outbox),
        notifier=notifier,
        policy=policy,
    )
    filer = TicketFiler(script, catalog, settings.ticket_prefix, clock)
    suggester = _suggester(settings, script, catalog, clock, meaning) if with_kb else None
    prompter = Prompter(script, catalog)
    submission = Submission(filer, catalog, sla, audit, notifier, settings.tickets_per_day)
    turns = IntakeTurns(IntakeFlow(script), prompter, filer, suggester, submission, clock, settings.max_attachments)
    desk = HelpDesk(
        sessions=sessions, turns=turns, prompter=prompter, views=RequesterViews(catalog, suggester), catalog=catalog,
        default_language=normalize_language(settings.default_language),
        limits=DeskLimits(settings.max_message_chars, settings.max_attachments, settings.messages_per_minute), clock=clock, tickets=tickets,
    )
    return SupportBot(settings, engine, sessions, catalog, script, desk, filer, suggester, outbox, lifecycle,
                      calendar, sla, clock)


def _suggester(
    settings: Settings, script: IntakeScript, catalog: Catalog, clock: Callable[[], datetime], meaning: Meaning | None
) -> ArticleSuggester:
    from bot.suggestions.service import KbSuggester
    from kb.library import KnowledgeBase
    from kb.semantic import Meaning
    from kb.threads import single_blas_thread

    single_blas_thread()
    kb = KnowledgeBase(
        settings.resolved_kb_dir(), min_confidence=settings.kb_min_confidence,
        meaning=Meaning.load() if meaning is None else meaning,
    )
    return KbSuggester(kb, script, catalog, settings.kb_max_suggestions, clock, learn=settings.kb_learn_threshold)
