"""Requesters doing whole intakes through the desk's public entry point, as an adapter drives it.

Each intake is a new requester (a new Telegram private chat): the summary is a query of the
starter sets (French and English, chatty, terse, misspelt or out of scope), every later question
gets an ordinary answer (bot.suggestions.replay), pressed as a button when one has that label and
typed otherwise, and the recap is submitted, so that most intakes file a ticket.

:func:`take_turn` is the one place that knows how an adapter hands a message to the core: when the
runtime's entry point moves, only it changes and every figure stays comparable.
"""

from __future__ import annotations

import itertools
import time
from dataclasses import dataclass, field
from pathlib import Path

from bot.bootstrap import SupportBot
from bot.messages import ConversationKey, InboundMessage, Platform, RecapCard, Reply, Sender, TextReply
from bot.suggestions.replay import ORDINARY_ANSWERS
from kb.evaluation import EvalQuery, read_queries

DATASETS = Path(__file__).resolve().parents[1] / "datasets"
MAX_TURNS = 20  # an intake that has not reached its ticket by then is cut short (counted)


async def take_turn(bot: SupportBot, message: InboundMessage) -> list[Reply]:
    """What an adapter does with one inbound event: the desk's answer to it."""
    return await bot.facade.handle(message)


def summaries() -> list[EvalQuery]:
    """The starter sets' queries, French and English interleaved."""
    fr = read_queries(DATASETS / "fr-starter" / "queries.jsonl")
    en = read_queries(DATASETS / "en-starter" / "queries.jsonl")
    return [q for pair in itertools.zip_longest(fr, en) for q in pair if q is not None]


@dataclass
class Tally:
    """What the requesters lived: every turn's latency, and how the intakes ended."""

    latencies: list[float] = field(default_factory=list)
    intakes: int = 0
    cut_short: int = 0


class Requesters:
    """Hands out intakes: the k-th intake takes the k-th summary and the k-th variant of each answer."""

    def __init__(self, run: str) -> None:
        self.run = run
        self.queries = summaries()
        self.counter = itertools.count()

    async def intake(self, bot: SupportBot, tally: Tally) -> None:
        k = next(self.counter)
        query = self.queries[k % len(self.queries)]
        lang = query.lang if query.lang in ORDINARY_ANSWERS else "en"
        user = f"{self.run}-{k}"
        sender = Sender(Platform.TELEGRAM, user, f"Requester {k}", lang)
        where = ConversationKey(Platform.TELEGRAM, user)
        answers = [variants[k % len(variants)] for variants in ORDINARY_ANSWERS[lang]]
        message = InboundMessage(sender, where, query.query, event_id=f"{user}-0")
        tally.intakes += 1
        for turn in range(1, MAX_TURNS + 1):
            started = time.perf_counter()
            replies = await take_turn(bot, message)
            tally.latencies.append(time.perf_counter() - started)
            following = _next_message(replies, answers, sender, where, f"{user}-{turn}")
            if following is None:
                return
            message = following
        tally.cut_short += 1


def _next_message(replies: list[Reply], answers: list[str], sender: Sender, where: ConversationKey,
                  event_id: str) -> InboundMessage | None:
    """The requester's answer to the question the replies end with; None once nothing is asked."""
    if not replies:
        return None
    last = replies[-1]
    if isinstance(last, RecapCard):
        answers.clear()
        return InboundMessage(sender, where, button_id=last.choices[0].id, event_id=event_id)  # submit
    if not isinstance(last, TextReply) or not last.choices or not answers:
        return None
    answer = answers.pop(0)
    button = next((c.id for c in last.choices if c.label.casefold() == answer.casefold()), None)
    if button is not None:
        return InboundMessage(sender, where, button_id=button, event_id=event_id)
    return InboundMessage(sender, where, answer, event_id=event_id)
