"""Suggestions that know when to stay quiet: whole intakes through the real desk, both databases."""

from __future__ import annotations

import itertools
from collections.abc import Callable

from sqlalchemy import select

from bot.bootstrap import SupportBot
from bot.messages import ArticleCard
from bot.storage.models import KbSearchRow, SuggestionRow
from bot.suggestions.stats import kb_stats
from tests.support.chat import ChatDriver


def _cards(chat: ChatDriver) -> list[str]:
    return [r.article_id for r in chat.last if isinstance(r, ArticleCard)]


def _play(chat: ChatDriver, messages: list[str]) -> list[str]:
    shown: list[str] = []
    for message in messages:
        chat.say(message)
        shown += _cards(chat)
    return shown


def _searches(bot: SupportBot) -> list[str]:
    with bot.sessions() as session:
        return list(session.scalars(select(KbSearchRow.query).order_by(KbSearchRow.id)))


FR_ORDINARY = ["Il n'y a pas de message d'erreur", "Depuis aujourd'hui", "Moi seulement",
               "Que ça fonctionne normalement", "Rien ne se passe", "Rien pour l'instant",
               "Je ne peux pas faire ma tâche"]
EN_ORDINARY = ["There is no error message", "Since today", "Only me", "That it works normally", "Nothing happens",
               "Nothing yet", "I cannot do my task"]


def test_a_whole_french_intake_shows_the_right_article_first_and_little_else(
    make_bot: Callable[..., SupportBot],
) -> None:
    bot = make_bot()
    chat = ChatDriver(bot.desk)
    shown = _play(chat, ["Mon compte est verrouillé après plusieurs tentatives de connexion", *FR_ORDINARY])
    assert shown[0] == "compte-verrouille"
    assert len(shown) <= 3 and len(set(shown)) == len(shown)  # never the same article twice
    assert "Récapitulatif" in chat.text() or "récapitulatif" in chat.text().lower()
    # Answers that add nothing a search can use ("since today", a count, "nothing yet") search nothing.
    searches = _searches(bot)
    assert len(searches) < 1 + len(FR_ORDINARY)
    assert all(a != b for a, b in itertools.pairwise(searches))


def test_a_whole_english_intake_out_of_scope_shows_nothing(make_bot: Callable[..., SupportBot]) -> None:
    bot = make_bot()
    chat = ChatDriver(bot.desk, locale="en")
    shown = _play(chat, ["the coffee machine on the 2nd floor is broken again", *EN_ORDINARY])
    assert shown == []
    with bot.sessions() as session:
        unanswered = kb_stats(session).unanswered
    assert [u.example for u in unanswered] == ["the coffee machine on the 2nd floor is broken again"]


def test_a_later_answer_that_names_the_problem_brings_its_article(make_bot: Callable[..., SupportBot]) -> None:
    bot = make_bot()
    chat = ChatDriver(bot.desk)
    shown = _play(chat, ["J'ai un souci avec le logiciel", "Mot de passe oublié, le lien de réinitialisation a expiré"])
    assert shown and shown[0] == "mot-de-passe-oublie"
    assert [s.startswith("J'ai un souci") for s in _searches(bot)] == [True, True]


def test_an_answer_about_errors_does_not_bring_the_help_desk_articles(make_bot: Callable[..., SupportBot]) -> None:
    bot = make_bot()
    chat = ChatDriver(bot.desk)
    shown = _play(chat, [
        "L'export PDF des factures plante", "Erreur 500, j'ai fait une capture d'écran du message d'erreur",
        "Depuis une mise à jour", "Toute l'équipe compta",
    ])
    meta = {"rediger-demande-assistance", "joindre-capture-ecran", "horaires-delais-priorites",
            "statuts-demande-assistance", "prise-en-main-a-distance"}
    assert shown and shown[0] == "export-pdf"
    assert not meta & set(shown)


def test_asking_how_to_write_a_request_gets_that_article(make_bot: Callable[..., SupportBot]) -> None:
    chat = ChatDriver(make_bot().desk, locale="en")
    chat.say("what information should I put in my request to support so they can help me faster?")
    assert _cards(chat)[:1] == ["write-support-request"]


def test_not_this_raises_the_threshold_and_kb_stats_says_why(make_bot: Callable[..., SupportBot]) -> None:
    bot = make_bot()
    for k in range(12):
        chat = ChatDriver(bot.desk, user_id=f"user-{k}")
        chat.say("Mon compte est verrouillé après plusieurs tentatives de connexion")
        card = next(r for r in chat.last if isinstance(r, ArticleCard))
        chat.press_id(card.choices[-1].id)  # "Pas ça"
        chat.press("Sans rapport")
    with bot.sessions() as session:
        stats = kb_stats(session, configured_threshold=0.5)
        verdicts = session.scalars(select(SuggestionRow.reason)).all()
    assert set(verdicts) == {"unrelated"}
    assert stats.threshold is not None and 0.5 < stats.threshold.threshold <= 0.65
    assert stats.threshold.verdicts == 12 and "12 verdicts: 0% useful" in stats.threshold.explain()
