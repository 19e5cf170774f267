"""The seam where knowledge-base suggestions enter the intake.

The desk calls an :class:`ArticleSuggester` after the summary and after each later
answer (it decides whether the answer is worth a search), and hands it the article buttons
and the ``/kb`` command. The knowledge base implementation lives in
:mod:`bot.suggestions.service`.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Protocol

from sqlalchemy.orm import Session

from bot.conversation.buttons import ButtonPress
from bot.messages import Reply
from bot.storage.models import ConversationRow


@dataclass(frozen=True)
class ArticleOutcome:
    """What an article button did to the conversation."""

    replies: list[Reply]
    solved: bool = False  # the conversation ends, deflected
    resumed: bool = False  # "it did not work after all": back to the intake
    repeat_prompt: bool = True  # show the current question again after ``replies``
    asks_reason_for: int | None = None  # an article's position: the requester may say why it did not fit


class ArticleSuggester(Protocol):
    def suggest(self, session: Session, conv: ConversationRow) -> list[Reply]:
        """Articles not shown yet that fit everything known so far (often none)."""
        ...

    def on_button(self, session: Session, conv: ConversationRow, press: ButtonPress) -> ArticleOutcome:
        ...

    def note_reason(self, session: Session, conv: ConversationRow, position: int, text: str) -> list[Reply]:
        """The requester's own words on why the article at ``position`` did not fit."""
        ...

    def search(self, session: Session, query: str, lang: str, user_id: str) -> list[Reply]:
        """The ``/kb words`` command, outside of any intake."""
        ...

    def read(self, article_id: str, lang: str) -> list[Reply]:
        ...
