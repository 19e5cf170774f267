"""What one user turn does to an intake conversation: answers, buttons, navigation."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from datetime import datetime

from sqlalchemy.orm import Session

from bot.conversation.buttons import ButtonAction, ButtonPress, decode
from bot.conversation.flow import IntakeFlow
from bot.conversation.prompts import Prompter
from bot.conversation.stage import Stage
from bot.conversation.suggestions import ArticleSuggester
from bot.i18n import Language
from bot.intake.parsing import AnswerProblem
from bot.messages import AnswerEdit, InboundMessage, Reply, TextReply
from bot.storage.models import ConversationRow
from bot.text import fold
from bot.tickets.filing import TicketFiler

ARTICLE_ACTIONS = {
    ButtonAction.ARTICLE_SOLVED, ButtonAction.ARTICLE_REJECTED, ButtonAction.ARTICLES_NONE,
    ButtonAction.ARTICLE_FAILED, ButtonAction.ARTICLE_READ,
}


class IntakeTurns:
    def __init__(
        self,
        flow: IntakeFlow,
        prompter: Prompter,
        filer: TicketFiler,
        suggester: ArticleSuggester | None,
        on_filed: Callable[[Session, ConversationRow], list[Reply]],
        clock: Callable[[], datetime],
        max_attachments: int = 10,
    ) -> None:
        self.max_attachments = max_attachments
        self.flow = flow
        self.prompter = prompter
        self.filer = filer
        self.suggester = suggester
        self.on_filed = on_filed
        self.clock = clock

    def text(self, session: Session, conv: ConversationRow, text: str) -> list[Reply]:
        stage = Stage(conv.stage)
        if conv.reason_for is not None and self.suggester is not None:
            # "Why not this article?" was the last question: the text is the reason, not an answer.
            position, conv.reason_for = conv.reason_for, None
            return [*self.suggester.note_reason(session, conv, position, text), *self.prompter.current(conv)]
        if stage is Stage.ASKING:
            return self._answer(session, conv, text, None)
        press = self._typed_choice(conv, text)
        if press is not None:
            return self.button(session, conv, press)
        return self.prompter.current(conv, self.prompter.t(conv, "intake.use_buttons"))

    def _typed_choice(self, conv: ConversationRow, text: str) -> ButtonPress | None:
        """A typed label selects the matching button of the current prompt (recap, edit menu)."""
        typed = fold(text)
        for reply in self.prompter.current(conv):
            for choice in getattr(reply, "choices", ()):
                if fold(choice.label) == typed:
                    return decode(choice.id)
        return None

    def button(self, session: Session, conv: ConversationRow, press: ButtonPress) -> list[Reply]:
        stage = Stage(conv.stage)
        action = press.action
        conv.reason_for = None  # a press moves on: no text after it is a rejection's reason
        if action is ButtonAction.ARTICLE_NO_REASON:
            return self.prompter.current(conv, self.prompter.t(conv, "kb.continue"))
        if action in ARTICLE_ACTIONS:
            return self._article(session, conv, press)
        if action is ButtonAction.ANSWER and stage is Stage.ASKING:
            question_id, _, choice_id = press.argument.partition(":")
            if question_id != conv.question_id:
                return self.prompter.current(conv, self.prompter.t(conv, "buttons.stale"))
            return self._answer(session, conv, "", choice_id)
        if action is ButtonAction.SKIP and stage is Stage.ASKING:
            return self.skip(session, conv)
        if action is ButtonAction.BACK:
            return self.back(conv)
        if action is ButtonAction.CANCEL:
            return self.cancel(conv)
        if action is ButtonAction.SUBMIT and stage is Stage.RECAP:
            return self._submit(session, conv)
        if action is ButtonAction.EDIT and stage is Stage.RECAP:
            conv.stage = Stage.CHOOSING_EDIT
            return [self.prompter.edit_menu(conv)]
        if action is ButtonAction.EDIT_PICK and stage in {Stage.CHOOSING_EDIT, Stage.RECAP} and self.flow.edit(
            conv, press.argument
        ):
            return self.prompter.current(conv)
        if action is ButtonAction.RECAP and (stage is Stage.CHOOSING_EDIT or conv.editing):
            self.flow.to_recap(conv)
            return self.prompter.current(conv)
        return self.prompter.current(conv, self.prompter.t(conv, "buttons.stale"))

    def edit_answers(self, session: Session, conv: ConversationRow, edits: Sequence[AnswerEdit]) -> list[Reply]:
        """New texts for several answers of the recap, as one form sends them. An answer that
        cannot be read stops there, asking that question again; the others were kept."""
        for edit in edits:
            press = decode(edit.edit_id)
            if (press is None or press.action is not ButtonAction.EDIT_PICK or press.conversation_id != conv.id
                    or Stage(conv.stage) not in {Stage.RECAP, Stage.CHOOSING_EDIT} or not self.flow.edit(conv, press.argument)):
                return self.prompter.current(conv, self.prompter.t(conv, "buttons.stale"))
            result = self.flow.answer(conv, edit.text)
            if isinstance(result, AnswerProblem):
                return self.prompter.current(conv, self.prompter.t(conv, result.key, **result.params))
        return self.prompter.current(conv)

    def attach(self, conv: ConversationRow, message: InboundMessage) -> list[Reply]:
        if not message.attachments:
            return []
        lang = Language(conv.lang)
        room = self.max_attachments - len(conv.attachments)
        kept = message.attachments[: max(room, 0)]
        conv.attachments = [
            *conv.attachments,
            *(a.as_record(message.sender.platform) for a in kept),
        ]
        replies: list[Reply] = []
        if kept:
            names = ", ".join(a.name for a in kept)
            replies.append(TextReply(self.prompter.catalog.text(lang, "intake.attached", names=names)))
        if len(kept) < len(message.attachments):
            replies.append(TextReply(self.prompter.catalog.text(lang, "intake.too_many_files", limit=self.max_attachments)))
        return replies

    def skip(self, session: Session, conv: ConversationRow) -> list[Reply]:
        conv.reason_for = None
        if self.flow.skip(conv) is None:
            return self.prompter.current(conv, self.prompter.t(conv, "intake.cannot_skip"))
        return self._after_answer(session, conv)

    def back(self, conv: ConversationRow) -> list[Reply]:
        conv.reason_for = None
        if not self.flow.back(conv):
            return self.prompter.current(conv, self.prompter.t(conv, "intake.nothing_before"))
        return self.prompter.current(conv)

    def cancel(self, conv: ConversationRow) -> list[Reply]:
        conv.stage = Stage.CANCELLED
        conv.question_id = None
        return [TextReply(self.prompter.t(conv, "intake.cancelled"))]

    def start(self, session: Session, conv: ConversationRow, first_text: str | None) -> list[Reply]:
        """A new conversation: the first message is the summary when it describes the problem."""
        if first_text:
            result = self.flow.answer(conv, first_text)
            if not isinstance(result, AnswerProblem):
                lead = self.prompter.t(conv, "intake.summary_taken")
                return [TextReply(lead), *self._after_answer(session, conv)]
        return self.prompter.current(conv, self.prompter.t(conv, "intake.welcome"))

    def _answer(self, session: Session, conv: ConversationRow, text: str, chosen: str | None) -> list[Reply]:
        result = self.flow.answer(conv, text, chosen)
        if isinstance(result, AnswerProblem):
            return self.prompter.current(conv, self.prompter.t(conv, result.key, **result.params))
        return self._after_answer(session, conv)

    def _after_answer(self, session: Session, conv: ConversationRow) -> list[Reply]:
        articles = self.suggester.suggest(session, conv) if self.suggester else []
        return [*articles, *self.prompter.current(conv)]

    def _submit(self, session: Session, conv: ConversationRow) -> list[Reply]:
        missing = self.flow.missing_required(conv)
        if missing is not None:
            self.flow.edit(conv, missing.id)  # answered, it goes back to the recap
            return self.prompter.current(conv, self.prompter.t(conv, "recap.missing"))
        conv.stage = Stage.FILED
        return self.on_filed(session, conv)

    def _article(self, session: Session, conv: ConversationRow, press: ButtonPress) -> list[Reply]:
        if self.suggester is None:
            return self.prompter.current(conv, self.prompter.t(conv, "buttons.stale"))
        outcome = self.suggester.on_button(session, conv, press)
        conv.reason_for = outcome.asks_reason_for
        if outcome.solved:
            conv.stage = Stage.SOLVED
            return outcome.replies
        if outcome.resumed:
            conv.stage = Stage.ASKING if conv.question_id else Stage.RECAP
        if outcome.repeat_prompt:
            return [*outcome.replies, *self.prompter.current(conv)]
        return outcome.replies
