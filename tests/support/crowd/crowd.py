"""Who writes: N Telegram customers in private chats and M Slack employees in the support channel,
each with a first message from the starter query sets (so that articles are offered, and turns
are several messages) and ordinary typed answers, half in French and half in English."""

from __future__ import annotations

import random

from benchmarks.core.intakes import summaries
from tests.support.crowd.customer import Customer
from tests.support.crowd.lines import SlackLine, TelegramLine
from tests.support.crowd.platforms import Platforms

TYPED = {
    "fr": ["Ça ne fonctionne pas", "Rien ne se passe", "Que ça marche normalement", "J'ai redémarré l'ordinateur",
           "Une page blanche s'affiche", "Pouvoir travailler comme d'habitude"],
    "en": ["It does not work", "Nothing happens", "That it works normally", "I restarted my computer",
           "A blank page shows", "To be able to work as usual"],
}


def crowd(platforms: Platforms, *, telegram: int, slack: int, seed: int, patience: float) -> list[Customer]:
    queries = [q for q in summaries() if len(q.query) >= 12]
    rng = random.Random(seed)
    people: list[Customer] = []
    for number in range(1, telegram + slack + 1):
        query = queries[(number * 7) % len(queries)]
        lang = query.lang if query.lang in TYPED else "en"
        if number <= telegram:
            assert platforms.telegram is not None
            line: TelegramLine | SlackLine = TelegramLine(platforms.telegram, number, lang)
        else:
            assert platforms.slack is not None
            line = SlackLine(platforms.slack, number, lang)
        people.append(Customer(line, number, query.query, TYPED[lang], random.Random(rng.random()), patience))
    return people
