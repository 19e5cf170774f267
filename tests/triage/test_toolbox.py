"""The agents' toolbox: canned responses (files with placeholders, in the requester's language),
a knowledge-base article sent into a reply."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

from bot.bootstrap import SupportBot
from bot.lifecycle.ticket_buttons import AgentAction, agent_button
from bot.messages import ArticleCard
from bot.toolbox.canned import CannedConfigError, CannedResponses
from tests.lifecycle.support import console_agent, events, last_outbox_id, notices, ticket
from tests.support.chat import ChatDriver
from tests.support.intake import file_ticket

ENGLISH_INTAKE = ["Error 500: cannot generate the document", "Since an update", "3 people", "A PDF invoice",
                  "A blank page", "Cleared the cache"]


def _file_in_english(chat: ChatDriver) -> str:
    chat.say("/lang en")
    chat.say("The PDF export of invoices fails")
    chat.say(ENGLISH_INTAKE[0])
    chat.press(ENGLISH_INTAKE[1])
    for answer in ENGLISH_INTAKE[2:]:
        chat.say(answer)
    chat.press("I cannot do my task")
    reply = chat.press("Submit the request")[0]
    return next(w.rstrip(".") for w in reply.text.replace("(", " ").split() if w.startswith("SUP-"))  # type: ignore[union-attr]


def test_a_canned_response_goes_out_in_french_and_in_english(make_bot: Callable[..., SupportBot]) -> None:
    bot = make_bot()
    french = file_ticket(ChatDriver(bot.desk, "alice", name="Alice Martin"))
    english = _file_in_english(ChatDriver(bot.desk, "bob", name="Bob Smith", locale="en"))
    agent = console_agent(bot)
    agent.press_id(agent_button(ticket(bot, french).id, AgentAction.CANNED))
    assert "Réponse type pour" in agent.text() and "(envoyée en français)" in agent.text()
    mark = last_outbox_id(bot)
    agent.press("Demander une capture d'écran")
    assert agent.text() == f"{french} : réponse type « Demander une capture d'écran » envoyée au demandeur par Agathe Support."
    [taken, sent] = notices(bot, after=mark)
    assert "prise en charge par Agathe Support" in taken.text
    assert sent.text.startswith(f"Réponse du support sur {french} :\nBonjour Alice Martin,\n\nPour avancer sur votre "
                                f"demande {french}, pourriez-vous")
    assert sent.text.count("Agathe Support") == 1 and ticket(bot, french).status == "in_progress"
    mark = last_outbox_id(bot)
    agent.say(f"canned {english} clear-cache")
    [_, sent] = notices(bot, after=mark)
    assert "Hello Bob Smith,\n\nThis often comes from an old copy of the page" in sent.text
    assert f"persists on {english}." in sent.text
    trail = events(bot, english)
    assert [e.kind for e in trail[-3:]] == ["reply", "assigned", "status"]  # the text sent is in the audit trail
    assert trail[-3].note.startswith("Hello Bob Smith,")
    agent.say(f"canned {english} nothing-like-this")
    assert agent.text().startswith("« nothing-like-this » n'est pas un(e) réponse type connu(e). Possibles : another-workstation")


def test_canned_responses_come_from_a_folder_and_a_mistake_names_the_file(tmp_path: Path) -> None:
    (tmp_path / "hello.toml").write_text('title = { fr = "Bonjour", en = "Hello" }\nfr = "Bonjour {name}"\nen = "Hi {name}"\n',
                                         "utf-8")
    loaded = CannedResponses.load(tmp_path)
    assert [r.id for r in loaded.responses] == ["hello"]
    (tmp_path / "broken.toml").write_text('title = { fr = "X", en = "X" }\nfr = "Bonjour {prenom}"\nen = "Hi"\n', "utf-8")
    with pytest.raises(CannedConfigError, match=r"broken\.toml, fr: unknown placeholder\(s\) \['prenom'\]"):
        CannedResponses.load(tmp_path)


def test_an_article_that_fits_the_ticket_is_sent_into_a_reply(make_bot: Callable[..., SupportBot]) -> None:
    filing = make_bot()  # no knowledge base while the requester files: no suggestions to answer
    reference = file_ticket(ChatDriver(filing.desk, "alice"), "Mon compte est verrouillé après trois essais de mot de passe")
    bot = make_bot(with_kb=True)  # the agents' process, on the same database, has one
    agent = console_agent(bot)
    agent.say(f"article {reference}")
    offered = agent.choices()
    assert "Article à envoyer au demandeur" in agent.text()
    assert "Compte verrouillé après plusieurs tentatives de connexion échouées" in [c.label for c in offered]
    mark = last_outbox_id(bot)
    agent.press("Compte verrouillé")
    assert agent.text() == (f"{reference} : article « Compte verrouillé après plusieurs tentatives de connexion échouées » "
                            "envoyé au demandeur par Agathe Support.")
    [_, sent] = notices(bot, after=mark)
    lead, card = sent.replies
    assert lead.text.startswith(f"Le support vous conseille cet article pour {reference}")  # type: ignore[union-attr]
    assert isinstance(card, ArticleCard) and card.title == "Compte verrouillé après plusieurs tentatives de connexion échouées"
    agent.say(f"article {reference} no-such-article")
    assert agent.text().startswith("« no-such-article » n'est pas un(e) article connu(e).")
    filing_agent = console_agent(filing)
    filing_agent.say(f"article {reference} compte-verrouille")
    assert filing_agent.text() == "« compte-verrouille » n'est pas un(e) article connu(e). Possibles : aucun(e) pour l'instant."
