"""Move a conversation through the intake questions.

Pure state changes on a :class:`ConversationRow` inside the caller's transaction; the
caller (the desk) decides what to say around them.

Questions picked from a list that depends on an earlier answer (a product's modules) are
settled by themselves: answered with the only choice there is, or marked not applicable
(``auto``), and asked again when that earlier answer changes.
"""

from __future__ import annotations

from dataclasses import dataclass

from bot.conversation.stage import Stage
from bot.i18n import Language
from bot.intake.parsing import AnswerProblem, parse_answer
from bot.intake.questions import Answer, AnswerKind, IntakeQuestion, IntakeScript
from bot.storage.models import ConversationRow


@dataclass(frozen=True)
class Answered:
    question: IntakeQuestion
    answer: Answer


class IntakeFlow:
    def __init__(self, script: IntakeScript) -> None:
        self.script = script

    def current_question(self, conv: ConversationRow) -> IntakeQuestion | None:
        """The question being asked, with the choices that apply now; repairs a conversation whose
        question was removed by configuration."""
        if Stage(conv.stage) is not Stage.ASKING:
            return None
        question = self.script.get(conv.question_id or "")
        if question is None:
            self._advance_to_first_unanswered(conv)
            question = self.script.get(conv.question_id or "")
        return self.script.resolved(question, conv.answers) if question else None

    def answer(self, conv: ConversationRow, text: str, chosen: str | None = None) -> Answered | AnswerProblem:
        question = self.current_question(conv)
        if question is None:
            raise ValueError(f"conversation {conv.id} is not waiting for an answer (stage {conv.stage.value})")
        parsed = parse_answer(question, text, Language(conv.lang), chosen)
        if isinstance(parsed, AnswerProblem):
            return parsed
        self._store(conv, question, parsed)
        return Answered(question, parsed)

    def skip(self, conv: ConversationRow) -> IntakeQuestion | None:
        """Skip the current question if it may be skipped; returns it, or ``None`` if refused."""
        question = self.current_question(conv)
        if question is None or not question.skippable:
            return None
        self._store(conv, question, Answer(text="", skipped=True))
        return question

    def back(self, conv: ConversationRow) -> bool:
        if Stage(conv.stage) in {Stage.RECAP, Stage.CHOOSING_EDIT} and conv.history:
            conv.editing = False
        if not conv.history:
            return False
        history = list(conv.history)
        conv.question_id = history.pop()
        conv.history = history
        conv.stage = Stage.ASKING
        return True

    def edit(self, conv: ConversationRow, question_id: str) -> bool:
        if self.script.get(question_id) is None or (conv.answers.get(question_id) or {}).get("na"):
            return False
        conv.stage = Stage.ASKING
        conv.question_id = question_id
        conv.editing = True
        return True

    def to_recap(self, conv: ConversationRow) -> None:
        conv.stage = Stage.RECAP
        conv.question_id = None
        conv.editing = False

    def missing_required(self, conv: ConversationRow) -> IntakeQuestion | None:
        """The first question without an answer (a deployment may have added one meanwhile, or an
        edited product made its module's answer moot)."""
        self.settle(conv)
        return next((q for q in self.script.questions if q.id not in conv.answers), None)

    def settle(self, conv: ConversationRow) -> None:
        """Drop answers an earlier answer made moot, and settle the questions picked from a list
        of one choice or none: they are not asked."""
        answers = dict(conv.answers)
        for question in self.script.questions:
            if not question.field or question.kind is not AnswerKind.CHOICE:
                continue
            resolved = self.script.resolved(question, answers)
            raw = answers.get(question.id)
            if raw is not None and (raw.get("auto") or (raw.get("choice") and not resolved.choice(str(raw["choice"])))):
                del answers[question.id]
                raw = None
            if raw is None and len(resolved.choices) <= 1:
                only = resolved.choices[0] if resolved.choices else None
                answer = Answer(only.label.get(Language(conv.lang)), only.id) if only else Answer("", skipped=True)
                answers[question.id] = {**answer.to_dict(), "auto": True, "na": only is None}
        if answers != conv.answers:
            conv.answers = answers

    def _store(self, conv: ConversationRow, question: IntakeQuestion, answer: Answer) -> None:
        conv.answers = {**conv.answers, question.id: answer.to_dict()}
        self.settle(conv)
        if conv.editing:
            self.to_recap(conv)
            return
        conv.history = [*conv.history, question.id]
        following = self.script.after(question.id)
        while following is not None and (conv.answers.get(following.id) or {}).get("auto"):
            following = self.script.after(following.id)  # settled by itself: not asked
        if following is None:
            self.to_recap(conv)
        else:
            conv.question_id = following.id

    def _advance_to_first_unanswered(self, conv: ConversationRow) -> None:
        missing = self.missing_required(conv)
        if missing is None:
            self.to_recap(conv)
        else:
            conv.question_id = missing.id
