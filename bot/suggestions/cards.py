"""Replies that show articles: suggestion cards, search results, a whole article."""

from __future__ import annotations

from bot.conversation.buttons import ButtonAction, encode
from bot.i18n import Catalog, Language
from bot.messages import ArticleCard, Choice, Reply, TextReply
from bot.storage.models import ConversationRow
from bot.suggestions.outcome import RejectionReason
from bot.text import shorten
from kb.article import Article
from kb.engine import SearchHit

ARTICLE_TEXT_LIMIT = 3500


class ArticleCards:
    def __init__(self, catalog: Catalog) -> None:
        self.catalog = catalog

    def feedback(self, conv: ConversationRow, position: int) -> tuple[Choice, ...]:
        """The article's "This solved my problem" and "Not this" buttons."""
        lang = Language(conv.lang)
        return (
            Choice(encode(conv.id, ButtonAction.ARTICLE_SOLVED, str(position)), self.catalog.text(lang, "kb.solved")),
            Choice(encode(conv.id, ButtonAction.ARTICLE_REJECTED, str(position)), self.catalog.text(lang, "kb.not_this")),
        )

    def suggestion(self, conv: ConversationRow, hit: SearchHit, position: int) -> ArticleCard:
        lang = Language(conv.lang)
        choices = list(self.feedback(conv, position))
        if not hit.article.url:
            read = encode(conv.id, ButtonAction.ARTICLE_READ, str(position))
            choices.insert(0, Choice(read, self.catalog.text(lang, "kb.read_here")))
        return ArticleCard(hit.article.id, hit.article.title, hit.snippet, hit.article.url, tuple(choices))

    def intro(self, conv: ConversationRow, first: bool) -> TextReply:
        return TextReply(self.catalog.text(Language(conv.lang), "kb.intro_first" if first else "kb.intro_more"))

    def none_of_these(self, conv: ConversationRow) -> TextReply:
        lang = Language(conv.lang)
        button = Choice(encode(conv.id, ButtonAction.ARTICLES_NONE), self.catalog.text(lang, "kb.none_continue"))
        return TextReply(self.catalog.text(lang, "kb.none_hint"), (button,))

    def why_not(self, conv: ConversationRow, position: int) -> TextReply:
        lang = Language(conv.lang)
        reasons = [
            Choice(encode(conv.id, ButtonAction.ARTICLE_REJECTED, f"{position}:{reason.value}"),
                   self.catalog.text(lang, f"kb.reason_{reason.value}"))
            for reason in (RejectionReason.NOT_RELATED, RejectionReason.DID_NOT_ANSWER)
        ]
        reasons.append(Choice(encode(conv.id, ButtonAction.ARTICLE_NO_REASON), self.catalog.text(lang, "kb.no_reason")))
        return TextReply(self.catalog.text(lang, "kb.rejected_why"), tuple(reasons))

    def solved(self, conv: ConversationRow) -> TextReply:
        lang = Language(conv.lang)
        button = Choice(encode(conv.id, ButtonAction.ARTICLE_FAILED), self.catalog.text(lang, "kb.did_not_work"))
        return TextReply(self.catalog.text(lang, "kb.solved_thanks"), (button,))

    def full(self, article: Article, lang: Language, choices: tuple[Choice, ...] = ()) -> TextReply:
        body = shorten(article.body.strip(), ARTICLE_TEXT_LIMIT)
        lines = [f"📄 {article.title}", "", body]
        if article.url:
            lines += ["", self.catalog.text(lang, "kb.full_article", url=article.url)]
        return TextReply("\n".join(lines), choices)

    def search_results(self, hits: list[SearchHit], lang: Language, query: str) -> list[Reply]:
        if not hits:
            return [TextReply(self.catalog.text(lang, "kb.no_result", query=shorten(query, 80)))]
        cards: list[Reply] = [TextReply(self.catalog.text(lang, "kb.results", count=len(hits)))]
        for hit in hits:
            snippet = hit.snippet
            if not hit.article.url:
                snippet += "\n" + self.catalog.text(lang, "kb.read_command", id=hit.article.id)
            cards.append(ArticleCard(hit.article.id, hit.article.title, snippet, hit.article.url))
        return cards
