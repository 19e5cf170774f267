"""Suggest knowledge-base articles while the intake goes on, and record what users make of them.

After the summary the engine searches with what the requester wrote. After a later answer it
searches again only when the answer adds words a search could use (not "since today", not a
button), and then shows something only when the best article has changed: an answer that
confirms the first suggestion does not bring the next articles in line. An article is never
shown twice; others than the best only when close to it (kb.shortlist); articles about the
help desk itself (Article.meta) only for the summary, when it is about that. The threshold is
the deployment's learned one (bot.suggestions.threshold).
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime

from sqlalchemy import bindparam, desc, select
from sqlalchemy.orm import Session

from bot.conversation.buttons import ButtonAction, ButtonPress, small_number
from bot.conversation.suggestions import ArticleOutcome
from bot.i18n import Catalog, Language
from bot.intake.questions import AnswerKind, IntakeScript
from bot.messages import Reply, TextReply
from bot.storage.models import ConversationRow, KbSearchRow, SuggestionRow
from bot.suggestions.cards import ArticleCards
from bot.suggestions.outcome import RejectionReason, SuggestionOutcome
from bot.suggestions.threshold import ThresholdLearner
from kb.engine import SearchHit
from kb.library import KnowledgeBase

QUERY_LIMIT = 2000  # characters of answers sent to the search engine
# An answer must add at least this much to search again (kb SearchEngine.novelty: idf mass of new
# KB words, in rarest-word units): "ça ne marche pas" adds ~0.5, "une page blanche" ~1.4.
MIN_NOVELTY = 0.6
INTAKE_SOURCES = ("summary", "answer")


class KbSuggester:
    def __init__(
        self, kb: KnowledgeBase, script: IntakeScript, catalog: Catalog, max_suggestions: int,
        clock: Callable[[], datetime], *, learn: bool = True,
    ) -> None:
        self.kb = kb
        self.script = script
        self.catalog = catalog
        self.cards = ArticleCards(catalog)
        self.max_suggestions = max_suggestions
        self.clock = clock
        self.threshold = ThresholdLearner(kb.min_confidence, clock, enabled=learn)
        # Built once (a turn only binds the conversation, the cache key is computed once), on the
        # table: one text column needs no ORM entity loading (half the CPU of the ORM select).
        searches = KbSearchRow.__table__.c
        self._last_query = (
            select(searches.query)
            .where(searches.conversation_id == bindparam("conversation"), searches.source.in_(INTAKE_SOURCES))
            .order_by(desc(searches.id)).limit(1)
        )

    def query_of(self, conv: ConversationRow) -> str:
        """Everything the requester wrote in their own words (quick-reply labels add only noise)."""
        parts = []
        for question in self.script.questions:
            raw = conv.answers.get(question.id)
            if raw and not raw.get("skipped") and not raw.get("choice") and question.kind is not AnswerKind.COUNT:
                parts.append(str(raw.get("text", "")))
        return " ".join(parts)[:QUERY_LIMIT]

    def suggest(self, session: Session, conv: ConversationRow) -> list[Reply]:
        if self.max_suggestions <= 0:
            return []
        query = self.query_of(conv)
        previous = self._last_search(session, conv)
        if previous is not None and self.kb.novelty(previous, query, conv.lang) < MIN_NOVELTY:
            return []  # the same search would find the same articles
        fresh = self._fresh(session, conv, query, later=previous is not None)
        first = not conv.shown_articles
        session.add(KbSearchRow(conversation_id=conv.id, source="answer" if previous is not None else "summary",
                                query=query, lang=conv.lang, hit_count=len(fresh), created_at=self.clock()))
        if not fresh:
            return []
        start = len(conv.shown_articles)
        conv.shown_articles = [*conv.shown_articles, *(hit.article.id for hit in fresh)]
        replies: list[Reply] = [self.cards.intro(conv, first)]
        for offset, hit in enumerate(fresh):
            position = start + offset
            session.add(SuggestionRow(
                conversation_id=conv.id, query=query, article_id=hit.article.id, article_title=hit.article.title,
                position=position, score=float(hit.score), confidence=float(hit.confidence),
                outcome=SuggestionOutcome.SHOWN, reason=None, shown_at=self.clock(), decided_at=None,
            ))
            replies.append(self.cards.suggestion(conv, hit, position))
        replies.append(self.cards.none_of_these(conv))
        return replies

    def _fresh(self, session: Session, conv: ConversationRow, query: str, *, later: bool) -> list[SearchHit]:
        shown = set(conv.shown_articles)
        hits = self.kb.search(query, limit=self.max_suggestions + len(shown), lang=conv.lang,
                              min_confidence=self.threshold.current(session))
        if later:
            # Answers name errors and screenshots: that does not make them about the help desk.
            hits = [hit for hit in hits if not hit.article.meta]
            if hits and hits[0].article.id in shown:
                return []  # the best fit is already in front of the requester
        return [hit for hit in hits if hit.article.id not in shown][: self.max_suggestions]

    def _last_search(self, session: Session, conv: ConversationRow) -> str | None:
        """The query this intake's last search used, None before the first one.

        Without an autoflush: a turn searches once, after this, so no search of this intake is
        pending, and the conversation's changes are written once, when the turn commits."""
        with session.no_autoflush:
            found = session.execute(self._last_query, {"conversation": conv.id}).scalar()
            return None if found is None else str(found)

    def on_button(self, session: Session, conv: ConversationRow, press: ButtonPress) -> ArticleOutcome:
        lang = Language(conv.lang)
        if press.action is ButtonAction.ARTICLES_NONE:
            for shown in self._rows(session, conv, SuggestionOutcome.SHOWN):
                self._reject(conv, shown, RejectionReason.NONE_FIT)
            return ArticleOutcome([TextReply(self.catalog.text(lang, "kb.continue"))])
        if press.action is ButtonAction.ARTICLE_FAILED:
            for solved in self._rows(session, conv, SuggestionOutcome.SOLVED):
                self._reject(conv, solved, RejectionReason.DID_NOT_WORK)
            return ArticleOutcome([TextReply(self.catalog.text(lang, "kb.resume"))], resumed=True)
        position_text, _, reason_text = press.argument.partition(":")
        row = self._row_at(session, conv, position_text)
        if row is None:
            return ArticleOutcome([TextReply(self.catalog.text(lang, "buttons.stale"))])
        if press.action is ButtonAction.ARTICLE_READ:
            article = self.kb.get(row.article_id)
            if article is None:
                return ArticleOutcome([TextReply(self.catalog.text(lang, "kb.gone"))])
            return ArticleOutcome([self.cards.full(article, lang, self.cards.feedback(conv, row.position))],
                                  repeat_prompt=False)
        if press.action is ButtonAction.ARTICLE_SOLVED:
            row.outcome, row.reason, row.decided_at = SuggestionOutcome.SOLVED, None, self.clock()
            conv.rejected_articles = [a for a in conv.rejected_articles if a.get("id") != row.article_id]
            return ArticleOutcome([self.cards.solved(conv)], solved=True)
        try:
            reason = RejectionReason(reason_text) if reason_text else RejectionReason.NOT_RELATED
        except ValueError:
            return ArticleOutcome([TextReply(self.catalog.text(lang, "buttons.unknown"))])
        self._reject(conv, row, reason)
        if reason_text:
            return ArticleOutcome([TextReply(self.catalog.text(lang, "kb.thanks_reason"))])
        return ArticleOutcome([self.cards.why_not(conv, row.position)], repeat_prompt=False, asks_reason_for=row.position)

    def note_reason(self, session: Session, conv: ConversationRow, position: int, text: str) -> list[Reply]:
        row = self._row_at(session, conv, str(position))
        if row is not None:
            row.reason_text = text
        return [TextReply(self.catalog.text(Language(conv.lang), "kb.thanks_reason"))]

    def search(self, session: Session, query: str, lang: str, user_id: str) -> list[Reply]:
        language = Language(lang)
        if not query.strip():
            return [TextReply(self.catalog.text(language, "kb.search_usage"))]
        hits = self.kb.search(query, limit=5, lang=lang)
        session.add(KbSearchRow(conversation_id=None, source="command", query=query[:QUERY_LIMIT], lang=lang,
                                hit_count=len(hits), created_at=self.clock()))
        return self.cards.search_results(hits, language, query)

    def read(self, article_id: str, lang: str) -> list[Reply]:
        article = self.kb.get(article_id) if article_id else None
        if article is None:
            return [TextReply(self.catalog.text(Language(lang), "kb.gone"))]
        return [self.cards.full(article, Language(lang))]

    def _reject(self, conv: ConversationRow, row: SuggestionRow, reason: RejectionReason) -> None:
        row.outcome, row.reason, row.decided_at = SuggestionOutcome.REJECTED, reason, self.clock()
        others = [a for a in conv.rejected_articles if a.get("id") != row.article_id]
        conv.rejected_articles = [*others, {"id": row.article_id, "title": row.article_title, "reason": reason.value}]

    def _rows(self, session: Session, conv: ConversationRow, outcome: SuggestionOutcome) -> list[SuggestionRow]:
        query = select(SuggestionRow).where(SuggestionRow.conversation_id == conv.id, SuggestionRow.outcome == outcome.value)
        return list(session.scalars(query))

    def _row_at(self, session: Session, conv: ConversationRow, position_text: str) -> SuggestionRow | None:
        position = small_number(position_text)
        if position is None:
            return None
        query = select(SuggestionRow).where(SuggestionRow.conversation_id == conv.id, SuggestionRow.position == position)
        return session.scalars(query).first()
