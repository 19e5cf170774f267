"""Requesters doing whole intakes through the runtime's path, as an adapter drives it: each event
stored in the inbox (one transaction), then its turn (bot.runtime.turns: the desk's answer, the
replies committed to the outbox and the event marked processed, one transaction). Lanes and the
outbox worker's delivery are left out: they are the platforms' side.

Each intake is a new requester (a new Telegram private chat): the summary is a query of the
starter sets (French and English, chatty, terse, misspelt or out of scope), every later question
gets an ordinary answer (bot.suggestions.replay), pressed as a button when one has that label and
typed otherwise, and the recap is submitted, so that most intakes file a ticket.

:class:`TurnPath` is the one place that knows how an adapter hands a message to the core: when the
runtime's entry point moves, only it changes and every figure stays comparable.
"""

from __future__ import annotations

import asyncio
import itertools
import time
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from sqlalchemy.orm import Session

from bot.bootstrap import SupportBot
from bot.inbox import Inbox
from bot.messages import ConversationKey, Destination, InboundMessage, Platform, RecapCard, Reply, Sender, TextReply
from bot.outbox import Outbox
from bot.runtime.turns import StoredTurns
from bot.suggestions.replay import ORDINARY_ANSWERS
from kb.evaluation import EvalQuery, read_queries

DATASETS = Path(__file__).resolve().parents[1] / "datasets"
MAX_TURNS = 20  # an intake that has not reached its ticket by then is cut short (counted)


class _SeenReplies:
    """The real outbox, with each turn's replies kept by destination for the requester to read."""

    def __init__(self, outbox: Outbox) -> None:
        self._outbox = outbox
        self.last: dict[str, list[Reply]] = {}

    def put(self, session: Session, *, destination: Destination, replies: Sequence[Reply], **rest: Any) -> Any:
        self.last[destination.channel] = list(replies)
        return self._outbox.put(session, destination=destination, replies=replies, **rest)


class TurnPath:
    """What the runtime does with one inbound event, and the replies its turn committed."""

    def __init__(self, bot: SupportBot) -> None:
        self._inbox = Inbox(bot.sessions, bot.clock)
        self._seen = _SeenReplies(bot.outbox)

        def apology(message: InboundMessage) -> Reply:
            return bot.facade.apology(message.sender.locale, privately=message.button_id is not None)

        self._turns = StoredTurns(bot.sessions, bot.desk, self._seen, apology, bot.clock,  # type: ignore[arg-type]
                                  bot.turn_watchers)

    async def take_turn(self, message: InboundMessage) -> list[Reply]:
        return await asyncio.to_thread(self._turn, message)

    def _turn(self, message: InboundMessage) -> list[Reply]:
        stored = self._inbox.store([message])
        if not stored:
            return []
        self._seen.last.pop(message.where.channel, None)
        self._turns.run(stored[0].row_id)
        return self._seen.last.pop(message.where.channel, [])


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
        self._paths: dict[int, TurnPath] = {}
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
            replies = await self._path(bot).take_turn(message)
            tally.latencies.append(time.perf_counter() - started)
            following = _next_message(replies, answers, sender, where, f"{user}-{turn}")
            if following is None:
                return
            message = following
        tally.cut_short += 1

    def _path(self, bot: SupportBot) -> TurnPath:
        if id(bot) not in self._paths:
            self._paths[id(bot)] = TurnPath(bot)
        return self._paths[id(bot)]


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
