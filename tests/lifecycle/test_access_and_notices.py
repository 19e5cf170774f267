"""Who may open tickets (linked Telegram customers, listed Slack users and groups, a daily limit), the
out-of-hours notice at filing, and notices in the requester's language."""

from __future__ import annotations

from collections.abc import Callable

from sqlalchemy import func, select

from bot.bootstrap import SupportBot
from bot.lifecycle.access import new_customer
from bot.messages import Platform
from bot.storage.models import CustomerRow, TicketRow
from tests.lifecycle.support import (
    console_agent,
    notices,
    outbox,
    paris,
    press_notice,
    ticket,
)
from tests.support.chat import ChatDriver
from tests.support.clock import FakeClock
from tests.support.intake import answer_all, file_ticket

LINK_REQUIRED = ("Pour ouvrir une demande, liez d'abord votre compte client : envoyez /start suivi du code que "
                 "votre interlocuteur vous a remis (par exemple /start ABCD2345).")


def ticket_count(bot: SupportBot) -> int:
    with bot.sessions() as session:
        return session.scalar(select(func.count()).select_from(TicketRow)) or 0


def test_filing_outside_business_hours_says_when_agents_are_back(
    make_bot: Callable[..., SupportBot], clock: FakeClock,
) -> None:
    bot = make_bot()
    clock.set(paris(21, 10))  # Saturday 10:00
    chat = ChatDriver(bot.desk)
    file_ticket(chat)
    assert chat.text().endswith("Nos agents sont absents pour le moment. Votre demande est bien enregistrée ; "
                                "ils la traiteront dès leur retour : lundi 23 novembre à 09:00.")

    clock.set(paris(24, 10))  # Tuesday 10:00
    chat = ChatDriver(bot.desk, "bruno")
    file_ticket(chat, "Le planning ne s'affiche plus du tout")
    assert "absents" not in chat.text() and len(chat.last) == 1


def test_telegram_customers_must_link_their_chat_with_a_code(make_bot: Callable[..., SupportBot]) -> None:
    bot = make_bot(telegram_requesters="linked")
    customer = ChatDriver(bot.desk, "5001", platform=Platform.TELEGRAM, name="Chloé Dubois")

    customer.say("Bonjour, l'export des factures ne marche plus")
    assert customer.text() == LINK_REQUIRED
    customer.say("/start ZZZZ2345")
    assert customer.text() == "Ce code n'est pas valable (ou il est déjà utilisé). Vérifiez-le auprès de votre interlocuteur."

    with bot.sessions.begin() as session:
        code = new_customer(session, "Boulangerie Dubois", bot.clock()).code
    customer.say(f"/start {code.lower()}")
    assert customer.text().startswith("Bienvenue, Boulangerie Dubois ! Votre compte est lié")
    assert "quel est le problème" in customer.text()  # the intake starts at once
    reference = file_ticket(customer)
    assert ticket(bot, reference).requester_platform == "telegram"

    someone_else = ChatDriver(bot.desk, "5002", platform=Platform.TELEGRAM)
    someone_else.say(f"/start {code}")  # a code links one chat only
    assert someone_else.text().startswith("Ce code n'est pas valable")
    someone_else.say("Mon problème")
    assert someone_else.text() == LINK_REQUIRED
    with bot.sessions() as session:
        linked = session.scalars(select(CustomerRow)).one()
        assert (linked.platform, linked.user_id) == ("telegram", "5001")
    assert ticket_count(bot) == 1


def test_only_listed_slack_users_may_open_tickets(make_bot: Callable[..., SupportBot]) -> None:
    bot = make_bot(slack_requesters="U1,U2")
    stranger = ChatDriver(bot.desk, "U3", platform=Platform.SLACK, channel="D3")
    stranger.say("L'export des factures ne marche plus")
    assert stranger.text().startswith("Vous n'êtes pas autorisé à ouvrir des demandes ici.")
    listed = ChatDriver(bot.desk, "U2", platform=Platform.SLACK, channel="D2")
    file_ticket(listed)
    assert ticket_count(bot) == 1


def test_members_of_listed_slack_groups_may_open_tickets(make_bot: Callable[..., SupportBot]) -> None:
    bot = make_bot(slack_requesters="U1, S0SUPPORT1 ,@support-leads")
    outsider = ChatDriver(bot.desk, "U3", platform=Platform.SLACK, channel="D3", groups=frozenset({"S0OTHER01"}))
    outsider.say("L'export des factures ne marche plus")
    assert outsider.text().startswith("Vous n'êtes pas autorisé à ouvrir des demandes ici.")
    by_id = ChatDriver(bot.desk, "U4", platform=Platform.SLACK, channel="D4", groups=frozenset({"S0SUPPORT1"}))
    file_ticket(by_id)
    by_handle = ChatDriver(bot.desk, "U5", platform=Platform.SLACK, channel="D5", groups=frozenset({"@support-leads"}))
    file_ticket(by_handle, "La synchronisation des contacts est bloquée")
    listed = ChatDriver(bot.desk, "U1", platform=Platform.SLACK, channel="D1")
    file_ticket(listed, "Le module de paie affiche une erreur 403")
    with bot.sessions() as session:
        assert set(session.scalars(select(TicketRow.requester_id))) == {"U1", "U4", "U5"}


def test_a_group_listed_on_slack_means_nothing_on_telegram(make_bot: Callable[..., SupportBot]) -> None:
    bot = make_bot(slack_requesters="S0SUPPORT1", telegram_requesters="5001")
    stranger = ChatDriver(bot.desk, "5002", platform=Platform.TELEGRAM, groups=frozenset({"S0SUPPORT1"}))
    stranger.say("L'export des factures ne marche plus")
    assert stranger.text().startswith("Vous n'êtes pas autorisé à ouvrir des demandes ici.")
    assert ticket_count(bot) == 0


def test_a_requester_files_at_most_the_daily_limit(make_bot: Callable[..., SupportBot], clock: FakeClock) -> None:
    bot = make_bot(tickets_per_day=2)
    chat = ChatDriver(bot.desk)
    file_ticket(chat)
    clock.advance(minutes=2)
    file_ticket(chat, "La synchronisation des contacts est bloquée")
    clock.advance(minutes=2)
    chat.say("Le module de paie affiche une erreur 403")
    answer_all(chat)
    submit = chat.button("Envoyer la demande").id
    chat.press_id(submit)
    assert chat.text().startswith("Vous avez déjà ouvert 2 demandes en 24 heures : c'est la limite.")
    assert ticket_count(bot) == 2

    clock.advance(days=1)  # the first ticket is more than 24 hours old: the request can go
    chat.press_id(submit)
    assert "SUP-000003" in chat.text() and ticket_count(bot) == 3


def test_an_english_requester_gets_english_notices(make_bot: Callable[..., SupportBot]) -> None:
    bot = make_bot()
    bob = ChatDriver(bot.desk, "bob", locale="en-GB", name="Bob Smith")
    bob.say("The invoice export to PDF fails every time")
    bob.say("Error 500")
    bob.press("Since an update")
    bob.say("3")
    bob.say("A PDF")
    bob.say("A blank page")
    bob.press("Nothing yet")
    bob.press("I cannot do my task")
    bob.press("Submit the request")
    reference = next(word for word in bob.text().split() if word.startswith("SUP-"))
    assert ticket(bot, reference).lang == "en"
    agent = console_agent(bot)

    agent.say(f"claim {reference}")
    agent.say(f"ask {reference} Which browser do you use?")
    bob.say("Firefox")
    assert bob.text() == f"Message added to your request {reference}; the support team has been told."
    agent.say(f"resolve {reference} Cache cleared on the server")
    texts = [n.text for n in notices(bot)]
    assert texts[0] == f"Your request {reference} has been taken on by Agathe Support."
    assert texts[1].startswith(f"Support needs information on {reference}:\nWhich browser do you use?")
    assert texts[2].startswith(f"Your request {reference} is marked as resolved. Is the problem solved?")
    press_notice(bob, notices(bot)[2], "Yes, it's solved")
    assert bob.text().startswith(f"Thank you! Your request {reference} is closed.\n"
                                 f"How satisfied are you with how {reference} was handled?")
    assert ticket(bot, reference).status == "closed"
    # The agents keep their own language on the card.
    card_update = outbox(bot)[-2]
    assert ("Statut", "Clôturée") in [(f.label, f.value) for f in card_update.card.fields]
