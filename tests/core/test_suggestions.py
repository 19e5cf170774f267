"""Knowledge-base suggestions during the intake, with the starter KB, and what they record."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

from sqlalchemy import select

from bot.bootstrap import SupportBot
from bot.messages import ArticleCard
from bot.storage.models import SuggestionRow, TicketRow
from bot.suggestions.stats import kb_stats
from tests.support.chat import ChatDriver
from tests.support.intake import answer_all

LOCKED = "Mon compte est verrouillé après plusieurs tentatives de connexion"


def _cards(chat: ChatDriver) -> list[ArticleCard]:
    return [r for r in chat.last if isinstance(r, ArticleCard)]


def test_a_summary_that_matches_a_starter_article_offers_it_and_solved_files_nothing(make_bot: Callable[..., SupportBot]) -> None:
    bot = make_bot()
    chat = ChatDriver(bot.desk)
    chat.say(LOCKED)
    cards = _cards(chat)
    assert 1 <= len(cards) <= 3
    assert cards[0].article_id == "compte-verrouille"
    assert "(2/8)" in chat.text()  # the intake goes on beside the suggestions
    chat.press_id(cards[0].choices[-2].id)  # "Cela a résolu mon problème"
    assert "Aucune demande n'a été créée" in chat.text()
    with bot.sessions() as session:
        assert session.scalars(select(TicketRow)).all() == []
        stats = kb_stats(session)
    assert stats.conversations_deflected == 1 and stats.deflection_rate == 1.0
    assert {a.article_id: a.solved for a in stats.articles}["compte-verrouille"] == 1


def test_it_did_not_work_after_all_resumes_the_intake_where_it_was(make_bot: Callable[..., SupportBot]) -> None:
    bot = make_bot()
    chat = ChatDriver(bot.desk)
    chat.say(LOCKED)
    chat.press_id(_cards(chat)[0].choices[-2].id)
    chat.press("Finalement, ça ne marche pas")
    assert "reprenons votre demande" in chat.text() and "(2/8)" in chat.text()
    with bot.sessions() as session:
        assert kb_stats(session).conversations_deflected == 0


def test_rejected_articles_are_listed_in_the_ticket_as_already_tried(make_bot: Callable[..., SupportBot]) -> None:
    bot = make_bot()
    chat = ChatDriver(bot.desk)
    chat.say(LOCKED)
    first = _cards(chat)[0]
    chat.press_id(first.choices[-1].id)  # "Pas ça"
    chat.press("En rapport, mais ne répond pas")
    assert "(2/8)" in chat.text()
    if any(c.label == "Aucun de ceux-là, continuer" for c in chat.choices()):
        chat.press("Aucun de ceux-là, continuer")
    answer_all(chat)
    chat.press("Envoyer la demande")
    with bot.sessions() as session:
        ticket = session.scalars(select(TicketRow)).one()
        reasons = {row.article_id: row.reason for row in session.scalars(select(SuggestionRow))}
    assert {"id": first.article_id, "title": first.title, "reason": "partial"} in ticket.tried_articles
    assert reasons[first.article_id] == "partial"
    assert first.title in ticket.description


def test_later_answers_only_add_articles_not_shown_yet(make_bot: Callable[..., SupportBot]) -> None:
    bot = make_bot()
    chat = ChatDriver(bot.desk)
    chat.say("Le logiciel me déconnecte tout seul")
    shown = [c.article_id for c in _cards(chat)]
    chat.say("Votre session a expiré, veuillez vous reconnecter")
    again = [c.article_id for c in _cards(chat)]
    assert not set(shown) & set(again)
    with bot.sessions() as session:
        rows = session.scalars(select(SuggestionRow).order_by(SuggestionRow.position)).all()
    assert [r.article_id for r in rows] == shown + again
    assert [r.position for r in rows] == list(range(len(rows)))


def test_nothing_is_suggested_when_nothing_fits_and_the_request_is_remembered(make_bot: Callable[..., SupportBot]) -> None:
    bot = make_bot()
    chat = ChatDriver(bot.desk)
    chat.say("La machine à café du deuxième étage fuit sur la moquette")
    assert _cards(chat) == []
    with bot.sessions() as session:
        unanswered = kb_stats(session).unanswered
    assert [u.example for u in unanswered] == ["La machine à café du deuxième étage fuit sur la moquette"]


def test_searching_and_reading_the_knowledge_base_directly(make_bot: Callable[..., SupportBot]) -> None:
    chat = ChatDriver(make_bot().desk)
    chat.say("/kb mot de passe oublié")
    ids = [c.article_id for c in _cards(chat)]
    assert "mot-de-passe-oublie" in ids
    chat.say("/lire mot-de-passe-oublie")
    assert "mot de passe" in chat.text().lower() and len(chat.text()) > 300
    chat.say("/kb")
    assert "/kb mot de passe oublié" in chat.text()
    chat.say("/lire n-existe-pas")
    assert "n'existe plus" in chat.text()


def test_console_deflection_is_counted_by_kb_stats(tmp_path: Path) -> None:
    env = {**os.environ, "SUPPORTBOT_DATABASE_URL": f"sqlite:///{tmp_path / 'bot.db'}", "PYTHONPATH": os.getcwd()}

    def run(args: list[str], stdin: str = "") -> str:
        done = subprocess.run([sys.executable, "-m", "adapters.cli.main", *args], input=stdin, capture_output=True,
                              text=True, env=env, timeout=120, check=False)
        assert done.returncode == 0, done.stderr
        return done.stdout

    transcript = run(["chat", "--lang", "fr"], f"{LOCKED}\n2\n")  # [2]: "Cela a résolu mon problème" on the first card
    assert "Compte verrouillé" in transcript and "Aucune demande n'a été créée" in transcript
    stats = json.loads(run(["kb", "stats", "--json"]))
    assert stats["conversations_deflected"] == 1 and stats["deflection_rate"] == 1.0
    assert "learned from 1 verdict: 100% useful" in stats["threshold"]["explanation"]
    assert "Suggestion threshold: " in run(["kb", "stats"])
    assert json.loads(run(["tickets", "list", "--json"])) == []
