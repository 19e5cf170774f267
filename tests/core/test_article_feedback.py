"""What a requester says about a suggested article: a reason typed after "Not this" is the reason
(not an answer to the question), and an article read in the chat keeps its feedback buttons."""

from __future__ import annotations

from collections.abc import Callable

from sqlalchemy import select

from bot.bootstrap import SupportBot
from bot.messages import ArticleCard
from bot.storage.models import ConversationRow, SuggestionRow
from tests.support.chat import ChatDriver

LOCKED = "Mon compte est verrouillé après plusieurs tentatives de connexion"


def _first_card(chat: ChatDriver) -> ArticleCard:
    return next(r for r in chat.last if isinstance(r, ArticleCard))


def test_a_typed_reason_after_not_this_is_the_reason_not_an_answer(make_bot: Callable[..., SupportBot]) -> None:
    bot = make_bot()
    chat = ChatDriver(bot.desk)
    chat.say(LOCKED)
    card = _first_card(chat)
    chat.press_id(card.choices[-1].id)  # "Pas ça"
    assert "dites-moi pourquoi (facultatif)" in chat.text()
    assert "(2/8)" not in chat.text()  # one question at a time: the reason first

    chat.say("Cet article parle d'Excel, pas de mon compte")

    assert chat.text().startswith("Merci, c'est noté.") and "(2/8)" in chat.text()  # the question comes back, unanswered
    with bot.sessions() as session:
        conversation = session.scalars(select(ConversationRow)).one()
        rejected = session.scalars(select(SuggestionRow).where(SuggestionRow.article_id == card.article_id)).one()
    assert "error_message" not in conversation.answers
    assert rejected.reason_text == "Cet article parle d'Excel, pas de mon compte"
    chat.say("Erreur 403")  # the next text answers the question again
    assert "(3/8)" in chat.text()


def test_skipping_the_reason_goes_back_to_the_question(make_bot: Callable[..., SupportBot]) -> None:
    chat = ChatDriver(make_bot().desk)
    chat.say(LOCKED)
    chat.press_id(_first_card(chat).choices[-1].id)
    chat.press("Passer")
    assert chat.text().startswith("D'accord, continuons.") and "(2/8)" in chat.text()
    chat.say("Erreur 403")
    assert "(3/8)" in chat.text()


def test_an_article_read_here_can_still_be_marked_as_the_solution(make_bot: Callable[..., SupportBot]) -> None:
    bot = make_bot()
    chat = ChatDriver(bot.desk)
    chat.say(LOCKED)
    chat.press_id(next(c.id for c in _first_card(chat).choices if c.label == "Lire ici"))
    assert [c.label for c in chat.choices()] == ["Cela a résolu mon problème", "Pas ça"]
    chat.press("Cela a résolu mon problème")
    assert "Aucune demande n'a été créée" in chat.text()
