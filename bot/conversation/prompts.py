"""Build the replies of the intake: question prompts, the recap card, help."""

from __future__ import annotations

from bot.conversation.buttons import ButtonAction, encode
from bot.conversation.stage import Stage
from bot.i18n import Catalog, Language
from bot.intake.questions import Answer, AnswerKind, IntakeQuestion, IntakeScript
from bot.messages import Choice, RecapCard, RecapField, Reply, TextReply
from bot.storage.models import ConversationRow
from bot.text import shorten

RECAP_VALUE_LIMIT = 500


class Prompter:
    def __init__(self, script: IntakeScript, catalog: Catalog) -> None:
        self.script = script
        self.catalog = catalog

    def t(self, conv: ConversationRow, key: str, **params: object) -> str:
        return self.catalog.text(Language(conv.lang), key, **params)

    def question(self, conv: ConversationRow, question: IntakeQuestion, lead: str = "") -> TextReply:
        lang = Language(conv.lang)
        step = [q.id for q in self.script.questions].index(question.id) + 1
        lines = [lead] if lead else []
        lines.append(self.t(conv, "intake.step", step=step, total=len(self.script.questions)) + " " + question.prompt.get(lang))
        previous = conv.answers.get(question.id)
        if previous and conv.editing:
            lines.append(self.t(conv, "intake.previous_answer", answer=shorten(Answer.from_dict(previous).text, 300)))
        choices = [
            Choice(encode(conv.id, ButtonAction.ANSWER, f"{question.id}:{c.id}"), c.label.get(lang))
            for c in question.choices
        ]
        if question.skippable:
            choices.append(Choice(encode(conv.id, ButtonAction.SKIP), self.t(conv, "buttons.skip")))
        if conv.history and not conv.editing:
            choices.append(Choice(encode(conv.id, ButtonAction.BACK), self.t(conv, "buttons.back")))
        if conv.editing:
            choices.append(Choice(encode(conv.id, ButtonAction.RECAP), self.t(conv, "buttons.keep_answer")))
        return TextReply("\n".join(lines), tuple(choices), numeric_answer=question.kind is AnswerKind.COUNT)

    def recap(self, conv: ConversationRow) -> RecapCard:
        lang = Language(conv.lang)
        fields = []
        for question in self._shown(conv):
            raw = conv.answers.get(question.id)
            value = self.t(conv, "recap.skipped")
            if raw and not raw.get("skipped"):
                value = shorten(Answer.from_dict(raw).text, RECAP_VALUE_LIMIT)
            edit_id = encode(conv.id, ButtonAction.EDIT_PICK, question.id)
            fields.append(RecapField(question.label.get(lang), value, edit_id))
        if conv.attachments:
            names = ", ".join(str(a.get("name", "")) for a in conv.attachments)
            fields.append(RecapField(self.t(conv, "recap.attachments"), names))
        # ENTROPICS and Sage: one subject per ticket; another problem is another request.
        fields.append(RecapField(self.t(conv, "recap.one_request_label"), self.t(conv, "recap.one_request")))
        edit = encode(conv.id, ButtonAction.EDIT)
        choices = (
            Choice(encode(conv.id, ButtonAction.SUBMIT), self.t(conv, "buttons.submit")),
            Choice(edit, self.t(conv, "buttons.edit")),
            Choice(encode(conv.id, ButtonAction.CANCEL), self.t(conv, "buttons.cancel")),
        )
        return RecapCard(self.t(conv, "recap.title"), tuple(fields), choices, edit_choice_id=edit)

    def edit_menu(self, conv: ConversationRow) -> TextReply:
        lang = Language(conv.lang)
        choices = [Choice(encode(conv.id, ButtonAction.EDIT_PICK, q.id), q.label.get(lang)) for q in self._shown(conv)]
        choices.append(Choice(encode(conv.id, ButtonAction.RECAP), self.t(conv, "buttons.back_to_recap")))
        return TextReply(self.t(conv, "recap.edit_which"), tuple(choices))

    def _shown(self, conv: ConversationRow) -> list[IntakeQuestion]:
        """Every question but those that did not apply (no module for a product without modules)."""
        return [q for q in self.script.questions if not (conv.answers.get(q.id) or {}).get("na")]

    def current(self, conv: ConversationRow, lead: str = "") -> list[Reply]:
        """Repeat whatever the conversation is waiting for."""
        stage = Stage(conv.stage)
        if stage is Stage.ASKING and conv.question_id and (question := self.script.get(conv.question_id)):
            return [self.question(conv, self.script.resolved(question, conv.answers), lead)]
        replies: list[Reply] = [TextReply(lead)] if lead else []
        if stage is Stage.RECAP:
            replies.append(self.recap(conv))
        elif stage is Stage.CHOOSING_EDIT:
            replies.append(self.edit_menu(conv))
        return replies
