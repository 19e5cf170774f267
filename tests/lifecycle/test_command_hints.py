"""Texts that tell people to type a command name the command their platform lets through: on Slack
"/…" belongs to Slack, so requesters are told "/support statut" and agents "!reply"; French texts
use the French command names."""

from __future__ import annotations

from collections.abc import Callable

from bot.bootstrap import SupportBot
from bot.messages import Platform
from tests.lifecycle.support import console_agent, notices
from tests.support.chat import ChatDriver
from tests.support.intake import file_ticket


def test_a_slack_requester_is_told_the_commands_slack_lets_through(make_bot: Callable[..., SupportBot]) -> None:
    bot = make_bot()
    alice = ChatDriver(bot.desk, "U1", platform=Platform.SLACK, channel="CSUPPORT", thread="1700000000.000001")
    reference = file_ticket(alice)
    assert f"suivre votre demande avec /support statut {reference}." in alice.text()

    console_agent(bot).say(f"reply {reference} Pouvez-vous vider le cache ?")
    [reply] = [n for n in notices(bot) if "Réponse du support" in n.text]
    assert reply.text.endswith(f"ou écrivez /support repondre {reference} votre message)")

    alice.say("aide")
    assert "• /support langue en" in alice.text() and "/support statut RÉFÉRENCE" in alice.text()
    assert "(/retour)" not in alice.text()
    alice.say("/tickets")  # what the Slack adapter hands the desk for `/support tickets`
    assert "Tapez /support statut RÉFÉRENCE" in alice.text()


def test_elsewhere_the_commands_are_slash_words_in_the_requesters_language(make_bot: Callable[..., SupportBot]) -> None:
    bot = make_bot()
    claire = ChatDriver(bot.desk, "5001", platform=Platform.TELEGRAM, name="Claire")
    reference = file_ticket(claire)
    assert f"suivre votre demande avec /statut {reference}." in claire.text()
    console_agent(bot).say(f"reply {reference} Pouvez-vous vider le cache ?")
    assert notices(bot)[-1].text.endswith(f"ou écrivez /repondre {reference} votre message)")

    bob = ChatDriver(bot.desk, "5002", platform=Platform.TELEGRAM, locale="en", name="Bob")
    english = file_ticket_in_english(bob)
    console_agent(bot).say(f"reply {english} Please clear the cache")
    assert notices(bot)[-1].text.endswith(f"or write /reply {english} your message)")


def test_agents_are_told_the_prefix_of_their_platform(make_bot: Callable[..., SupportBot]) -> None:
    bot = make_bot(slack_bot_token="xoxb-test", slack_agents_channel="CAGENTS", agents="slack:UAGENT")
    reference = file_ticket(ChatDriver(bot.desk))
    agent = ChatDriver(bot.desk, "UAGENT", platform=Platform.SLACK, channel="CAGENTS", name="Agathe")
    agent.say(f"!resolve {reference} vu en production")
    assert f"Pour lui écrire : !reply {reference} votre message." in agent.text()
    agent.say("!claim")
    assert "(par exemple : !claim SUP-000042)" in agent.text()


def file_ticket_in_english(chat: ChatDriver) -> str:
    chat.say("The invoice PDF export fails every time")
    for answer in ("Error 500", "Since an update", "3 people", "A PDF", "A blank page", "Nothing yet"):
        chat.say(answer)
    chat.press("I cannot do my task")
    filed = chat.press("Submit")[0].text  # type: ignore[union-attr]
    return next(word.rstrip(".") for word in filed.split() if word.startswith("SUP-"))
