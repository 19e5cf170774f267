"""The tally of a crowd's run: what the people wrote and what reached them, what the agents got.

Counted from the fakes' records and the people's own view only (the database is read for
nothing but the number of tickets per requester), so the same tally holds whatever the
runtime does inside:

- *lost*: something a person did that the platform confirmed to the bot (Telegram's offset
  moved past the update, Slack's envelope acked) and that no turn of the bot ever answered: the
  message was lost on the way in, or its reply on the way out (from outside, the two look alike).
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
from tests.support.crowd.customer import REFERENCE, Customer

_TAG = re.compile(r"\[c(\d+) q(\d+)\]")
_CARD_ACTION = re.compile(r"^T\d+\.claim$")  # a ticket card offers "take it" (bot.lifecycle.ticket_buttons)
QUESTIONS_FILE = Path(__file__).parents[3] / "bot" / "intake" / "default_questions.toml"


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


def duplicates(replies: list[Delivery], said_at: list[float]) -> int:
    """Messages identical to the one before them, with nothing said by the person in between."""
    count = 0
    for before, after in itertools.pairwise(replies):
        if before.sent_text == after.sent_text and not any(before.at < t < after.at for t in said_at):
            count += 1
    return count


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


@dataclass
class PlatformTally:
    name: str
    customers: int = 0
    finished: int = 0
    said: int = 0
    confirmed: int = 0
    never_confirmed: int = 0  # still waiting at the platform, or given up by it (Slack's retries ran out)
    lost: int = 0
    half_turns: int = 0
    misfiled: int = 0
    duplicate_replies: int = 0
    latencies: list[float] = field(default_factory=list)


@dataclass
class Tally:
    platforms: list[PlatformTally]
    agents: list[AgentsTally]
    references: set[str]
    tickets_per_customer: Counter[int] = field(default_factory=Counter)  # tickets a customer has -> customers
    notes: list[str] = field(default_factory=list)

    @property
    def lost(self) -> int:
        return sum(p.lost for p in self.platforms)

    @property
    def half_turns(self) -> int:
        return sum(p.half_turns + p.misfiled for p in self.platforms)

    @property
    def duplicates(self) -> int:
        return sum(p.duplicate_replies for p in self.platforms) + sum(
            sum(n - 1 for n in a.cards.values() if n > 1) for a in self.agents)

    @property
    def orphan_topics(self) -> int:
        return sum(a.orphan_topics for a in self.agents)

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
        tally.duplicate_replies += duplicates(customer.line.replies(), said_at)
        for said in customer.said:
            tally.said += 1
            tally.confirmed += said.inbound.confirmed
            tally.never_confirmed += not said.inbound.confirmed
            if said.outcome == "unanswered" and said.inbound.confirmed:
                tally.lost += 1
            tally.half_turns += said.outcome == "half"
            if said.answered_after is not None:
                tally.latencies.append(said.answered_after)
    return tally


def count_agents(name: str, places: dict[str, list[Delivery]], prefix: str, topics: list[Delivery]) -> AgentsTally:
    tally = AgentsTally(name)
    carded: set[str] = set()
    for place, deliveries in places.items():
        if place != prefix and not place.startswith(prefix + "/"):
            continue
        for delivery in deliveries:
            found = REFERENCE.match(delivery.sent_text)
            if found and is_card(delivery):
                tally.cards[found.group(0)] += 1
                carded.add(place)
    for topic in topics:
        found = REFERENCE.match(topic.text)
        if found:
            tally.topics[found.group(0)] += 1
        tally.orphan_topics += topic.place not in carded
    return tally


def tickets_by_requester(database_url: str) -> Counter[str]:
    engine = create_engine(database_url)
    try:
        with engine.connect() as connection:
            rows = connection.execute(text("SELECT requester_id, COUNT(*) FROM tickets GROUP BY requester_id"))
            return Counter({str(who): int(n) for who, n in rows})
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
