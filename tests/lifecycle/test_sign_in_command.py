"""A team member asks the bot for a web desk sign-in link: a command of the core's routing, in
French or English, from the agents' place (console, a Telegram group with the bot's name
appended, Slack's ``!``) or from a private chat. The link goes privately through the outbox, or
is shown in the console; requesters are told the desk is not for them. On both databases."""

from __future__ import annotations

from collections.abc import Callable

import pytest

from bot.bootstrap import SupportBot
from bot.conversation.commands import Command, TypedCommand, parse_command
from bot.delivery import OutboundKind
from bot.i18n import Catalog, Language
from bot.lifecycle.agent_commands import CommandKind, parse_agent_command
from bot.messages import Platform, TextReply
from tests.lifecycle.support import last_outbox_id, outbox
from tests.support.chat import ChatDriver

SETTINGS = {"agents": "console:agent,telegram:700,slack:UAGENT", "web_leads": "telegram:701",
            "web_base_url": "https://desk.example.com", "telegram_bot_token": "1:x", "telegram_agents_chat_id": "-100",
            "slack_bot_token": "xoxb-test", "slack_agents_channel": "CAGENTS"}


def said(replies: list[TextReply] | list[object]) -> str:
    return " ".join(r.text for r in replies if isinstance(r, TextReply))


def test_the_agents_console_shows_the_link(make_bot: Callable[..., SupportBot]) -> None:
    bot = make_bot(agents="console:agent")
    agent = ChatDriver(bot.desk, "agent", channel="agents", name="Agathe Support")
    before = last_outbox_id(bot)
    [reply] = agent.say("web")
    assert isinstance(reply, TextReply) and "http://localhost:8080/signin/" in reply.text
    assert outbox(bot, after=before) == []  # a private terminal: nothing to send elsewhere
    help_text = said(agent.say("?"))  # the console's help, in the agents' language (French)
    assert "connexion — un lien de connexion au bureau web" in help_text and "sign-in link" not in help_text


@pytest.mark.parametrize(("platform", "user", "where", "typed"), [
    (Platform.TELEGRAM, "700", "-100", "/web@supportbot_bot"),  # the agents' group, from the command menu
    (Platform.TELEGRAM, "700", "-100", "/connexion"),
    (Platform.SLACK, "UAGENT", "CAGENTS", "!web"),  # Slack keeps "/" for itself
    (Platform.TELEGRAM, "700", "700", "/web"),  # a private chat with the bot
    (Platform.TELEGRAM, "701", "701", "/connexion"),  # a team lead who is not an agent
    (Platform.TELEGRAM, "701", "-100", "/web"),  # ... in the agents' group
    (Platform.SLACK, "UAGENT", "DAGENT", "/signin"),  # what `/support signin` becomes
])
def test_the_link_goes_to_the_person_privately(make_bot: Callable[..., SupportBot], platform: Platform, user: str,
                                               where: str, typed: str) -> None:
    bot = make_bot(**SETTINGS)
    before = last_outbox_id(bot)
    replies = ChatDriver(bot.desk, user, platform=platform, channel=where, name="Agathe").say(typed)
    assert [r.ephemeral for r in replies if isinstance(r, TextReply)] == [True]
    assert said(replies) == "Je vous ai envoyé un lien de connexion en message privé (valable 10 minutes)."
    [sent] = outbox(bot, after=before)
    assert (sent.kind, sent.platform, sent.channel, sent.thread) == (OutboundKind.PRIVATE_MESSAGE, platform, user, None)
    assert "https://desk.example.com/signin/" in sent.text


def test_an_english_speaking_agent_reads_english(make_bot: Callable[..., SupportBot]) -> None:
    bot = make_bot(**SETTINGS)
    before = last_outbox_id(bot)
    replies = ChatDriver(bot.desk, "700", platform=Platform.TELEGRAM, channel="-100", locale="en").say("/web")
    assert said(replies) == "I have sent you a sign-in link in a private message (valid 10 minutes)."
    assert outbox(bot, after=before)[0].text.startswith("Your sign-in link to the support desk")


def test_requesters_get_no_link_and_the_intake_goes_on(make_bot: Callable[..., SupportBot]) -> None:
    bot = make_bot(**SETTINGS)
    customer = ChatDriver(bot.desk, "555", platform=Platform.TELEGRAM, channel="555")
    customer.say("L'export PDF des factures plante depuis ce matin")
    before = last_outbox_id(bot)
    replies = customer.say("/web")
    assert said(replies).startswith("Le bureau web est réservé à l'équipe support. Pour suivre vos demandes, écrivez /demandes")
    assert said(replies).endswith("Quel est le message d'erreur exact ? Copiez-le tel quel, ou dites-moi qu'il n'y en a pas.")
    assert outbox(bot, after=before) == []
    slack = ChatDriver(bot.desk, "UCUSTOMER", platform=Platform.SLACK, channel="DCUSTOMER").say("/web")
    assert "écrivez /support demandes ici" in said(slack)  # on Slack, commands go through /support


def test_nobody_else_gets_a_link_in_the_agents_channel_and_a_link_is_not_a_ticket_action(
    make_bot: Callable[..., SupportBot],
) -> None:
    bot = make_bot(**SETTINGS)
    before = last_outbox_id(bot)
    visitor = ChatDriver(bot.desk, "UVISITOR", platform=Platform.SLACK, channel="CAGENTS")
    assert visitor.say("hello !web") == []  # chatter
    assert said(visitor.say("!web")).startswith("Le bureau web est réservé à l'équipe support.")  # asked: told why not
    agent = ChatDriver(bot.desk, "UAGENT", platform=Platform.SLACK, channel="CAGENTS")
    assert agent.say("web") == []  # without "!" it is chatter in the channel, not a command
    assert agent.say("!web SUP-000001") == []  # a sign-in names no ticket: not a command either
    assert outbox(bot, after=before) == []


def test_the_commands_the_sign_in_page_names_are_the_bots_in_both_languages() -> None:
    catalog = Catalog.load()
    for lang in Language:
        typed = catalog.text(lang, "web.signin.command")
        assert parse_command(typed) == TypedCommand(Command.SIGN_IN), typed
        command = parse_agent_command(typed, Platform.TELEGRAM)
        assert command is not None and command.kind is CommandKind.SIGN_IN, typed
        slack_name = typed.removeprefix("/")
        assert f"!{slack_name}" in catalog.text(lang, "web.signin.slack")
        assert parse_agent_command(f"!{slack_name}", Platform.SLACK) == command
