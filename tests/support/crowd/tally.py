"""The tally of a crowd's run: what the people wrote and what reached them, what the agents got.

Counted from the fakes' records and the people's own view only (the database is read for
nothing but the tickets' references and requesters), so the same tally holds whatever the
runtime does inside:

- *lost*: something a person did that the platform confirmed to the bot (Telegram's offset
  moved past the update, Slack's envelope acked) and that no turn of the bot ever answered: the
  message was lost on the way in, or its reply on the way out. From outside the two look alike;
  the person's next answered message tells them apart in the default intake: had the lost ones
  been handled, the intake would be that many questions further (see :func:`split_lost`).
- *half turns*: the bot answered, but its turn stopped before asking anything (the question
  after the article cards never came).
- *misfiled*: a typed answer the recap shows under another question than the one it answered.
- *duplicate replies*: two identical messages in a row in a person's chat with nothing said between.
- *cards per ticket*, *topics per ticket*, *orphan topics* (a forum topic with no card in it),
  tickets with no card, per agents' place; *tickets per customer* from the database.
"""

from __future__ import annotations

import itertools
import re
import tomllib
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

from sqlalchemy import create_engine, text

from tests.fakes.records import Delivery
from tests.support.crowd.customer import QUESTION, REFERENCE, Customer, Said, action_of

_TAG = re.compile(r"\[c(\d+) q(\d+)\]")
_CARD_ACTION = re.compile(r"^T\d+\.claim$")  # a ticket card offers "take it" (bot.lifecycle.ticket_buttons)
QUESTIONS_FILE = Path(__file__).parents[3] / "bot" / "intake" / "default_questions.toml"
CATALOGS = Path(__file__).parents[3] / "bot" / "i18n"


def stale_notices() -> tuple[str, ...]:
    """"This button belongs to an earlier step", in each language: what a handled button pressed again gets."""
    return tuple(tomllib.loads((CATALOGS / f"{lang}.toml").read_text(encoding="utf-8"))["buttons"]["stale"].split(":")[0]
                 for lang in ("fr", "en"))


def question_numbers() -> dict[str, int]:
    """Each label of the default intake (French and English) -> its question's number."""
    questions = tomllib.loads(QUESTIONS_FILE.read_text(encoding="utf-8"))["questions"]
    return {label: n for n, q in enumerate(questions, 1) for label in q["label"].values()}


def misfiled(customer: Customer, numbers: dict[str, int]) -> int:
    """Typed answers of ``customer`` that the recap files under another question than the one answered."""
    wrong, current = 0, None
    for line in customer.recap_text.splitlines():
        head = line.strip().strip("*").split(" :")[0].split(":")[0].strip().strip("*")
        if head in numbers:
            current = numbers[head]
        for who, answered in _TAG.findall(line):
            if int(who) == customer.number and current is not None and int(answered) != current:
                wrong += 1
    return wrong


def duplicates(replies: list[Delivery], said_at: list[float]) -> tuple[int, int]:
    """Messages sent twice: identical to the one before them with nothing said by the person in
    between, or identical (text and buttons) to an earlier one whose acknowledgment the platform
    lost (the bot was told it failed, yet people saw it). Returns (all of them, those after a lost
    acknowledgment: Telegram offers no way to learn that such a message was delivered)."""
    doubled: set[int] = set()
    for k, (before, after) in enumerate(itertools.pairwise(replies)):
        if before.sent_text == after.sent_text and not any(before.at < t < after.at for t in said_at):
            doubled.add(k + 1)
    after_lost_ack: set[int] = set()
    for k, first in enumerate(replies):
        if not first.acknowledged:
            again = next((j for j in range(k + 1, len(replies)) if (replies[j].sent_text, replies[j].sent_buttons)
                          == (first.sent_text, first.sent_buttons)), None)
            if again is not None:
                doubled.add(again)
                after_lost_ack.add(again)
    return len(doubled), len(after_lost_ack)


def is_card(delivery: Delivery) -> bool:
    return any(_CARD_ACTION.match(data) for _, data in delivery.buttons) or bool(
        REFERENCE.match(delivery.sent_text) and "\n" in delivery.sent_text and delivery.buttons)


@dataclass
class AgentsTally:
    """What one agents' place (the Telegram forum, the Slack channel) received."""

    name: str
    cards: Counter[str] = field(default_factory=Counter)  # reference -> cards
    topics: Counter[str] = field(default_factory=Counter)  # reference -> forum topics
    orphan_topics: int = 0
    orphans_after_lost_ack: int = 0  # the bot was told creating them failed (Telegram cannot list topics)
    cards_after_lost_ack: int = 0  # extra cards sent after a card whose acknowledgment was lost


@dataclass
class PlatformTally:
    name: str
    customers: int = 0
    finished: int = 0
    said: int = 0
    confirmed: int = 0
    never_confirmed: int = 0  # still waiting at the platform, or given up by it (Slack's retries ran out)
    lost: int = 0
    lost_inbound: int = 0
    lost_replies: int = 0  # lost - lost_inbound - lost_replies: could not tell
    half_turns: int = 0
    misfiled: int = 0
    duplicate_replies: int = 0
    duplicates_after_lost_ack: int = 0
    latencies: list[float] = field(default_factory=list)


@dataclass
class Tally:
    platforms: list[PlatformTally]
    agents: list[AgentsTally]
    references: set[str]  # every ticket filed (the database's references)
    tickets_per_customer: Counter[int] = field(default_factory=Counter)  # tickets a customer has -> customers
    notes: list[str] = field(default_factory=list)

    @property
    def lost(self) -> int:
        return sum(p.lost for p in self.platforms)

    @property
    def half_turns(self) -> int:
        return sum(p.half_turns + p.misfiled for p in self.platforms)

    @property
    def misfiled_after_lost_ack(self) -> int:
        """Misfiled answers a copy sent after a lost acknowledgment explains: a person who answers the
        copy of a question they already answered files that answer one question later. At most one
        per such copy, per platform."""
        return sum(min(p.misfiled, p.duplicates_after_lost_ack) for p in self.platforms)

    @property
    def duplicates(self) -> int:
        return sum(p.duplicate_replies for p in self.platforms) + sum(
            sum(n - 1 for n in a.cards.values() if n > 1) for a in self.agents)

    @property
    def duplicates_after_lost_ack(self) -> int:
        return sum(p.duplicates_after_lost_ack for p in self.platforms) + sum(a.cards_after_lost_ack for a in self.agents)

    @property
    def orphan_topics(self) -> int:
        return sum(a.orphan_topics for a in self.agents)

    @property
    def orphans_after_lost_ack(self) -> int:
        return sum(a.orphans_after_lost_ack for a in self.agents)

    @property
    def missing_cards(self) -> int:
        return sum(len(self.references - set(a.cards)) for a in self.agents)

    @property
    def unfinished(self) -> int:
        return sum(p.customers - p.finished for p in self.platforms)


def count_platform(name: str, customers: list[Customer]) -> PlatformTally:
    tally = PlatformTally(name, customers=len(customers))
    numbers = question_numbers()
    for customer in customers:
        tally.finished += customer.reference is not None
        tally.misfiled += misfiled(customer, numbers)
        said_at = [s.inbound.pushed_at for s in customer.said]
        doubled, after_lost_ack = duplicates(customer.line.replies(), said_at)
        tally.duplicate_replies += doubled
        tally.duplicates_after_lost_ack += after_lost_ack
        for said in customer.said:
            tally.said += 1
            tally.confirmed += said.inbound.confirmed
            tally.never_confirmed += not said.inbound.confirmed
            if said.outcome == "unanswered" and said.inbound.confirmed:
                tally.lost += 1
            tally.half_turns += said.outcome == "half"
            if said.answered_after is not None:
                tally.latencies.append(said.answered_after)
        inbound, replies = split_lost(customer.said)
        tally.lost_inbound += inbound
        tally.lost_replies += replies
    return tally


def split_lost(said: list[Said]) -> tuple[int, int]:
    """Of the unanswered things said, how many were never handled (inbound lost) and how many were
    handled without their answer reaching the person (reply lost).

    A run of unanswered typed answers to question k, then the same typed again and answered: the
    default intake asks its questions in order and files each typed message as an answer, so if
    the answer asks question k + m, m - 1 of the run were handled. A run of presses of one button:
    if pressing it again is answered "this button belongs to an earlier step", the first press was
    handled. Runs whose answer shows neither are not counted."""
    inbound = replies = 0
    notices = stale_notices()
    run: list[Said] = []
    for item in said:
        if item.outcome == "unanswered" and item.inbound.confirmed:
            run.append(item)
            continue
        typed = all(not action_of(s.inbound.text) for s in run)
        if item.outcome == "answered" and run and not typed:
            handled = int(any(notice in item.answer for notice in notices))
            inbound, replies = inbound + len(run) - handled, replies + handled
        elif item.outcome == "answered" and run and run[0].question is not None:
            found = QUESTION.search(item.answer)
            if found:
                handled = min(len(run), max(0, int(found.group(1)) - run[0].question - 1))
                inbound, replies = inbound + len(run) - handled, replies + handled
        if item.outcome != "unanswered":
            run = []
    return inbound, replies


def count_agents(name: str, places: dict[str, list[Delivery]], prefix: str, topics: list[Delivery]) -> AgentsTally:
    tally = AgentsTally(name)
    carded: set[str] = set()
    unacknowledged: set[str] = set()  # references whose first card the bot was told had failed
    for place, deliveries in places.items():
        if place != prefix and not place.startswith(prefix + "/"):
            continue
        for delivery in deliveries:
            found = REFERENCE.match(delivery.sent_text)
            if found and is_card(delivery):
                reference = found.group(0)
                if tally.cards[reference] and reference in unacknowledged:
                    tally.cards_after_lost_ack += 1
                elif not tally.cards[reference] and not delivery.acknowledged:
                    unacknowledged.add(reference)
                tally.cards[reference] += 1
                carded.add(place)
    for topic in topics:
        found = REFERENCE.match(topic.text)
        if found:
            tally.topics[found.group(0)] += 1
        tally.orphan_topics += topic.place not in carded
        tally.orphans_after_lost_ack += topic.place not in carded and not topic.acknowledged
    return tally


def filed_tickets(database_url: str) -> dict[str, str]:
    """Every ticket in the database: reference -> requester's platform id (the only thing read there)."""
    engine = create_engine(database_url)
    try:
        with engine.connect() as connection:
            rows = connection.execute(text("SELECT reference, requester_id FROM tickets WHERE reference IS NOT NULL"))
            return {str(reference): str(who) for reference, who in rows}
    finally:
        engine.dispose()


def work_left(database_url: str) -> int:
    """Events stored and not yet turned, and messages not yet delivered (nor given up on): what the
    bot still owes. Only counts are read."""
    engine = create_engine(database_url)
    try:
        with engine.connect() as connection:
            events = connection.execute(text("SELECT count(*) FROM inbound_events WHERE status = 'received'")).scalar_one()
            messages = connection.execute(text("SELECT count(*) FROM outbox WHERE status = 'pending'")).scalar_one()
            return int(events) + int(messages)
    finally:
        engine.dispose()


def details(people: list[Customer]) -> list[dict[str, object]]:
    """Each person's run, step by step, for reading when a figure is not zero."""
    found = []
    for customer in people:
        start = customer.said[0].inbound.pushed_at if customer.said else 0.0
        found.append({
            "customer": customer.number, "platform": customer.line.platform, "reference": customer.reference,
            "said": [{"at": round(s.inbound.pushed_at - start, 2), "what": s.inbound.text[:60], "question": s.question,
                      "confirmed": s.inbound.confirmed, "outcome": s.outcome,
                      "answered_after": None if s.answered_after is None else round(s.answered_after, 2)}
                     for s in customer.said],
            "replies": [{"at": round(d.at - start, 2), "text": d.sent_text[:70], "buttons": [b for _, b in d.buttons],
                         "acknowledged": d.acknowledged} for d in customer.line.replies()],
        })
    return found
