"""Whole intakes replayed through the real desk: how many articles does one request show?

Each query of a dataset is the summary of a new intake, on the console, with a database of its
own; every later question gets an ordinary answer ("no error message", "since today", "it does
not work", "I restarted my computer"...), varied from one intake to the next, up to the recap.
Counted from what the desk answered and from what it stored: article cards per intake, the wrong
ones (not an expected article), whether the first card was right, and searches that repeated
the previous one word for word.
"""

from __future__ import annotations

import tempfile
from collections.abc import Sequence
from pathlib import Path

from sqlalchemy import select

from bot.bootstrap import build
from bot.messages import ArticleCard, ConversationKey, InboundMessage, Platform, Sender
from bot.settings import Settings
from bot.storage.models import KbSearchRow
from kb.evaluation import EvalQuery, IntakeFigures
from kb.semantic import Meaning

# Ordinary answers to the default questions after the summary, in order; intake k takes the
# k-th variant of each (modulo). None of them names the problem.
ORDINARY_ANSWERS = {
    "fr": [
        ["Il n'y a pas de message d'erreur", "Pas de message particulier", "aucun"],
        ["Depuis aujourd'hui", "Depuis ce matin", "Depuis quelques jours", "Depuis une mise à jour"],
        ["Moi seulement", "3 personnes", "Tout le monde"],
        ["Que ça fonctionne normalement", "Pouvoir travailler comme d'habitude", "Que ça marche"],
        ["Ça ne fonctionne pas", "Rien ne se passe", "Ça bloque"],
        ["J'ai redémarré l'ordinateur", "Rien pour l'instant", "J'ai réessayé plusieurs fois"],
        ["Je ne peux pas faire ma tâche", "Gênant, mais je peux contourner"],
    ],
    "en": [
        ["There is no error message", "No particular message", "none"],
        ["Since today", "Since this morning", "For a few days", "Since an update"],
        ["Only me", "3 people", "Everyone"],
        ["That it works normally", "To be able to work as usual", "That it works"],
        ["It does not work", "Nothing happens", "It is stuck"],
        ["I restarted my computer", "Nothing yet", "I tried again several times"],
        ["I cannot do my task", "Annoying, but there is a workaround"],
    ],
}


def replay_intakes(
    articles: Path, queries: Sequence[EvalQuery], *, limit: int = 200, min_confidence: float | None = None,
    meaning: Meaning | None = None,
) -> IntakeFigures:
    """Replays up to `limit` queries (evenly spread over the set) as whole intakes."""
    step = max(1, -(-len(queries) // limit)) if limit > 0 else len(queries) + 1
    chosen = list(queries)[::step][:limit]
    cards = wrong = max_wrong = right_first = right_shown = in_scope = searches = repeats = 0
    with tempfile.TemporaryDirectory() as folder:
        settings = Settings(  # type: ignore[call-arg]  # pydantic-settings' own init argument: no .env here
            _env_file=None, database_url=f"sqlite:///{Path(folder) / 'replay.db'}", kb_dir=articles,
            kb_min_confidence=min_confidence, kb_learn_threshold=False, messages_per_minute=1000,
        )
        app = build(settings, meaning=meaning or Meaning.load())
        try:
            for k, item in enumerate(chosen):
                lang = item.lang if item.lang in ORDINARY_ANSWERS else "en"
                sender = Sender(Platform.CONSOLE, f"replay-{k}", "Replay", lang)
                where = ConversationKey(Platform.CONSOLE, f"replay-{k}")
                shown: list[str] = []
                for n, text in enumerate([item.query, *(v[k % len(v)] for v in ORDINARY_ANSWERS[lang])]):
                    replies = app.desk.handle(InboundMessage(sender, where, text, event_id=f"replay-{k}-{n}"))
                    shown += [r.article_id for r in replies if isinstance(r, ArticleCard)]
                mistakes = sum(1 for a in shown if a not in item.expected)
                cards, wrong, max_wrong = cards + len(shown), wrong + mistakes, max(max_wrong, mistakes)
                if item.expected:
                    in_scope += 1
                    right_first += bool(shown) and shown[0] in item.expected
                    right_shown += any(a in item.expected for a in shown)
            with app.sessions() as session:
                rows = session.execute(
                    select(KbSearchRow.conversation_id, KbSearchRow.query)
                    .where(KbSearchRow.conversation_id.is_not(None)).order_by(KbSearchRow.id)
                ).all()
        finally:
            app.close()
    last: dict[int | None, str] = {}
    for conversation, query in rows:
        searches += 1
        repeats += last.get(conversation) == query
        last[conversation] = query
    n = max(len(chosen), 1)
    return IntakeFigures(
        intakes=len(chosen), cards_per_intake=cards / n, wrong_cards_per_intake=wrong / n, max_wrong_cards=max_wrong,
        right_first_rate=right_first / max(in_scope, 1), right_shown_rate=right_shown / max(in_scope, 1),
        searches_per_intake=searches / n, repeated_searches=repeats,
    )
