"""A scripted person doing one whole intake: a first message, then an answer to whatever the bot's
last message asks (one of its answer buttons when it offers some, a typed answer otherwise),
the recap sent, until the bot gives a ticket reference.

The person only knows what they see. They wait for a turn to end (the bot quiet for a moment
after a message that asks something); a turn that never comes within their patience is
*unanswered*, one that stops before asking anything is a *half turn*; either way they say the
same thing again, as people do. Typed answers carry a tag (``[c7 q5]``: customer 7 answering
question 5) so that the recap shows where each answer was filed.
"""

from __future__ import annotations

import asyncio
import random
import re
import time
from dataclasses import dataclass, field

from tests.fakes.records import Delivery, Inbound
from tests.support.crowd.lines import Line

QUESTION = re.compile(r"\((\d{1,2})/(\d{1,2})\)")
REFERENCE = re.compile(r"\b[A-Z]{2,8}-\d{6}\b")
# Button ids are "<conversation>.<action>[.<argument>]" (bot.conversation.buttons).
_ACTION = re.compile(r"^\d+\.([a-z0-9]{1,3})(?:\.|$)")
ARTICLE_ACTIONS = frozenset({"ks", "kn", "k0", "ku", "kr", "kx"})
ANSWER, SUBMIT = "a", "ok"
QUIET = 0.3  # seconds without a new message after which a turn has ended


def action_of(data: str) -> str:
    match = _ACTION.match(data)
    return match.group(1) if match else ""


def asks(message: Delivery) -> bool:
    """Whether a message asks the person something (a numbered question, a recap, any non-article button)."""
    if QUESTION.search(message.text):
        return True
    return any(action_of(data) not in ARTICLE_ACTIONS for _, data in message.buttons)


@dataclass
class Said:
    """One thing the person did, and what became of it from where they sit."""

    inbound: Inbound
    question: int | None  # the question number it answered, when the bot showed one
    outcome: str = "pending"  # answered | unanswered | half; pending when the run ended first
    answered_after: float | None = None  # seconds from sending to the turn's last message (as delivered)
    answer: str = ""  # the texts of the turn's messages


@dataclass
class Customer:
    line: Line
    number: int
    summary: str
    answers: list[str]
    rng: random.Random
    patience: float = 20.0  # seconds they wait for an answer before saying it again
    quiet: float = QUIET
    said: list[Said] = field(default_factory=list)
    reference: str | None = None
    recap: Delivery | None = None
    recap_text: str = ""
    finished_at: float | None = None

    async def intake(self, deadline: float) -> None:
        answer: tuple[str, str, Delivery | None] = ("text", f"{self.summary} [c{self.number} q1]", None)
        question: int | None = 1
        while time.monotonic() < deadline and self.reference is None:
            kind, content, message = answer
            replies = self.line.replies()
            before = len(replies)
            shown = shape(replies[-1]) if replies else None
            inbound = await (self.line.write(content) if message is None else self.line.press(message, content))
            said = Said(inbound, question)
            self.said.append(said)
            submitted = kind == "press" and action_of(content) == SUBMIT
            last = await self._turn(said, before, shown, time.monotonic() + self.patience, deadline, submitted)
            if last is None:  # nothing, or nothing that asks: say it again
                continue
            found = REFERENCE.search(last.text) if submitted else None
            if found:
                self.reference, self.finished_at = found.group(0), time.monotonic()
                return
            answer, question = self._answer_to(last)

    async def _turn(self, said: Said, before: int, shown: tuple[str, tuple[str, ...]] | None, until: float,
                    deadline: float, submitted: bool) -> Delivery | None:
        """Wait for the bot's turn; the message that ends it, or None when it never came whole.

        A turn ends on a message that asks something, or, once the recap was sent, on one that
        gives a reference. It is a new message, the last one edited into another question
        (``shown``: what it asked before), or the last one edited into the answer of the press
        (:func:`answered_in_place`); an edit that only marks a question answered is not."""
        seen, changed = before, time.monotonic()
        while True:
            replies = self.line.replies()
            latest = max((d.edited_at or d.at for d in replies[before:]), default=0.0)
            if len(replies) != seen:
                seen, changed = len(replies), time.monotonic()
            now = time.monotonic()
            quiet = now - max(changed, latest) >= self.quiet
            anew = bool(replies) and (asks_anew(replies[-1], shown) or answered_in_place(replies[-1], said))
            last = replies[-1] if len(replies) > before or anew else None
            if submitted and quiet:  # what they wait for is the reference, wherever it is in the turn
                last = next((d for d in replies[before:] if REFERENCE.search(d.text)), last)
            if last is not None and quiet and (asks(last) or (submitted and REFERENCE.search(last.text))):
                at = last.at if last.at >= said.inbound.pushed_at else (last.edited_at or last.at)
                said.outcome, said.answered_after = "answered", at - said.inbound.pushed_at
                said.answer = "\n".join(d.text for d in replies[before:]) or last.text
                return last
            if now >= until:
                said.outcome = "half" if len(replies) > before or last is not None else "unanswered"
                return None
            if now >= deadline:  # the run ends before their patience does: neither answered nor lost
                return None
            await asyncio.sleep(0.02)

    def _answer_to(self, message: Delivery) -> tuple[tuple[str, str, Delivery | None], int | None]:
        found = QUESTION.search(message.text)
        number = int(found.group(1)) if found else None
        actions = [(label, data, action_of(data)) for label, data in message.buttons]
        submit = [data for _, data, action in actions if action == SUBMIT]
        if submit:
            self.recap, self.recap_text = message, message.text  # Slack replaces it once it is pressed
            return ("press", submit[0], message), None
        offered = [data for _, data, action in actions if action == ANSWER]
        if offered:
            return ("press", self.rng.choice(offered), message), number
        typed = self.answers[(number or 0) % len(self.answers)]
        return ("text", f"{typed} [c{self.number} q{number}]", None), number


def shape(message: Delivery) -> tuple[str, tuple[str, ...]]:
    """What a message asks: its question number and its buttons."""
    found = QUESTION.search(message.text)
    return (found.group(0) if found else "", tuple(data for _, data in message.buttons))


def answered_in_place(message: Delivery, said: Said) -> bool:
    """The pressed message was edited, after the press, into "✔ <the chosen label>" and the answer
    (Telegram: one message per button turn); a retired keyboard ends with the mark instead."""
    return (message.edited_at is not None and message.edited_at >= said.inbound.pushed_at
            and message.text.startswith("✔ "))


def asks_anew(message: Delivery, shown: tuple[str, tuple[str, ...]] | None) -> bool:
    """The message was edited into another numbered question (an edit that marks it answered, or
    retires some of its buttons, leaves its number as it was)."""
    if message.edited_at is None or shown is None:
        return False
    question, _ = shape(message)
    return bool(question) and question != shown[0] and asks(message)
