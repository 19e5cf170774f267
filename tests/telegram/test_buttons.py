"""Button presses are never trusted: forged, stale and foreign callback data are refused politely."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from bot.storage.models import ConversationRow
from tests.fakes.telegram import FakeTelegram
from tests.telegram.conftest import Customer, Harness, labels, texts


@pytest.mark.parametrize(
    ("data", "polite"),
    [("999999.ok", "n'est plus valable"), ("garbage", "Je ne reconnais pas ce bouton")],
)
async def test_forged_callback_data_is_refused_politely(
    tg: Harness, fake: FakeTelegram, customer: Customer, data: str, polite: str
) -> None:
    await customer.say("/start")
    await customer.say("le bouton imprimer du module facturation ne répond pas")
    question = customer.last_message()
    presses = len(fake.called("answerCallbackQuery"))

    sent = await customer.press_data(data, question)

    assert len(fake.called("answerCallbackQuery")) == presses + 1, "the spinner always stops"
    assert polite in texts(sent)
    assert "(2/8)" in sent[-1]["text"], "the current question comes again"
    untouched = fake.messages[(customer.id, question["message_id"])]
    assert labels(untouched) == labels(question), "data not on the keyboard changes nothing"
    assert labels(untouched)[-2:] == ["Il n'y a pas de message d'erreur", "Retour"]
    with tg.bot.sessions() as session:  # type: ignore[union-attr]
        assert session.scalars(select(ConversationRow.question_id)).one() == "error_message"


async def test_another_users_button_does_not_act_on_their_request(tg: Harness, fake: FakeTelegram) -> None:
    alice = Customer(fake, 700100200, "Alice", "Martin")
    mallory = Customer(fake, 700100999, "Mallory", "Doe", language_code="en")
    await alice.say("/start")
    await alice.say("le bouton imprimer du module facturation ne répond pas")
    _, alices_button = alice.button("Il n'y a pas de message d'erreur")
    await mallory.say("/start")

    sent = await mallory.press_data(alices_button, mallory.last_message())

    assert "no longer valid" in texts(sent)
    with tg.bot.sessions() as session:  # type: ignore[union-attr]
        stages = {c.user_id: c.question_id for c in session.scalars(select(ConversationRow))}
    assert stages == {"700100200": "error_message", "700100999": "summary"}
    sent = await alice.press("Il n'y a pas de message d'erreur")
    assert "(3/8)" in sent[-1]["text"], "Alice's own press still works"


async def test_a_button_pressed_twice_counts_once(tg: Harness, fake: FakeTelegram, customer: Customer) -> None:
    await customer.say("/start")
    await customer.say("le bouton imprimer du module facturation ne répond pas")
    question, data = customer.button("Il n'y a pas de message d'erreur")
    await customer.press_data(data, question)
    sent = await customer.press_data(data, question)  # a double tap from the stale copy on the phone

    assert "n'est plus valable" in texts(sent)
    assert "(3/8)" in sent[-1]["text"]
    with tg.bot.sessions() as session:  # type: ignore[union-attr]
        assert session.scalars(select(ConversationRow.question_id)).one() == "since"
