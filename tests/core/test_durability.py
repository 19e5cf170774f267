"""State lives in the database: restarts resume, redelivered events are dropped, references never repeat."""

from __future__ import annotations

import threading
from collections.abc import Callable

from sqlalchemy import select

from bot.bootstrap import SupportBot
from bot.storage.models import TicketRow
from tests.support.chat import ChatDriver
from tests.support.intake import answer_all, file_ticket


def test_a_restart_in_the_middle_of_the_intake_resumes_at_the_same_question(make_bot: Callable[..., SupportBot]) -> None:
    first = make_bot()
    chat = ChatDriver(first.desk)
    chat.say("Les mails de notification n'arrivent plus")
    chat.say("aucun")
    chat.press("Depuis quelques jours")
    first.close()

    restarted = make_bot()  # a new process on the same database
    chat = ChatDriver(restarted.desk)
    chat.say("/aide")
    assert "(4/8)" in chat.text()
    chat.say("2")
    chat.say("Recevoir le mail")
    chat.say("Rien ne vient")
    chat.press("Rien pour l'instant")
    chat.press("Gênant")
    recap = chat.text()
    assert "Les mails de notification n'arrivent plus" in recap and "Depuis quelques jours" in recap


def test_the_same_event_delivered_twice_gets_one_reply_and_never_a_second_ticket(make_bot: Callable[..., SupportBot]) -> None:
    bot = make_bot()
    chat = ChatDriver(bot.desk)
    assert chat.say("Impossible de valider les congés dans le module RH", event_id="evt-1")
    assert chat.say("Impossible de valider les congés dans le module RH", event_id="evt-1") == []
    answer_all(chat)
    submit = chat.button("Envoyer la demande").id
    assert chat.press_id(submit, event_id="evt-submit")
    assert chat.press_id(submit, event_id="evt-submit") == []
    chat.press_id(submit)  # pressed again later (a new event): the request is already filed
    assert "plus valable" in chat.text()
    with bot.sessions() as session:
        assert len(session.scalars(select(TicketRow)).all()) == 1


def test_references_are_unique_with_several_processes_filing_at_once(make_bot: Callable[..., SupportBot]) -> None:
    bots = [make_bot(), make_bot()]
    references: list[str] = []
    errors: list[BaseException] = []

    def requester(index: int) -> None:
        try:
            for n in range(3):
                chat = ChatDriver(bots[index % 2].desk, f"user-{index}-{n}")
                references.append(file_ticket(chat, f"Problème numéro {index}-{n} sur le module stock"))
        except BaseException as error:  # noqa: BLE001 - reported below
            errors.append(error)

    threads = [threading.Thread(target=requester, args=(i,)) for i in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []
    assert len(references) == 12 and len(set(references)) == 12
