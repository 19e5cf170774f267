"""A desk with two weeks of life, made through the real core: requests filed from three channels
by people of three organisations (``triage.toml`` beside this file), articles that solved some
problems and not others, agents qualifying (type, product, module, version), claiming, asking,
noting, resolving, requesters confirming and rating. The queue, ticket and report pages (and
their screenshots) are drawn from it. Bots seeded with it are built with ``SEED_SETTINGS``."""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import UTC, datetime, timedelta
from pathlib import Path

from bot.bootstrap import SupportBot
from bot.lifecycle.ticket_buttons import RequesterAction, requester_button
from bot.messages import Platform, TextReply
from bot.tickets.repository import TicketRepository
from tests.support.chat import ChatDriver
from tests.support.clock import FakeClock

AGENTS_CHAT = -1001987654321
ACCOUNTING_CHAT = -1001000000002  # the accounting queue's group (triage.toml)
ACCOUNTING_AGENT_ID = "900300402"  # an agent of the accounting queue only
AGENT_ID = "900300400"
AGENT_NAME = "Agnès Support"
TRIAGE_FILE = Path(__file__).with_name("triage.toml")
SEED_SETTINGS = {"triage_file": TRIAGE_FILE}
START = datetime(2026, 11, 2, 8, 30, tzinfo=UTC)  # Monday 2 November 2026, 09:30 in Paris

IMPACTS = {"blocking": "Je ne peux plus utiliser le logiciel du tout", "major": "Je ne peux pas faire ma tâche",
           "minor": "Gênant, mais je peux contourner", "low": "C'est une question d'utilisation"}


@dataclass(frozen=True)
class Request:
    day: int  # business days after START
    who: str
    platform: Platform
    summary: str
    impact: str
    fate: str  # "resolved", "rated", "asked", "claimed", "new", "noted", "escalated"
    score: int = 0
    comment: str = ""
    triage: str = ""  # the agents' requalifications, "field value; field value"


REQUESTS = (
    Request(0, "700100201", Platform.TELEGRAM, "L'export PDF des factures plante depuis la mise à jour", "major", "rated", 5,
            "Très rapide, merci !", "type bug; product gestion; module factures; version 2026.3"),
    Request(0, "U0ALICE01", Platform.SLACK, "Le module stocks affiche une page blanche", "blocking", "rated", 4,
            triage="type bug; product gestion; module stocks"),
    Request(1, "bruno", Platform.CONSOLE, "Impossible d'imprimer les bons de livraison", "minor", "rated", 3,
            "Résolu mais il a fallu relancer deux fois", "type help; product gestion"),
    Request(2, "U0BOB0001", Platform.SLACK, "Les relances clients partent en double", "major", "resolved",
            triage="type bug; product gestion; module relances; version 2026.2"),
    Request(3, "700100202", Platform.TELEGRAM, "Le calcul de la TVA intracommunautaire est faux", "blocking", "escalated",
            triage="type bug; product compta; module tva"),
    Request(4, "U0CLAIRE1", Platform.SLACK, "La synchronisation mobile ne remonte plus les commandes", "major", "asked",
            triage="type bug; product gestion; module mobile"),
    Request(5, "emile", Platform.CONSOLE, "Les avoirs ne reprennent pas la remise", "minor", "rated", 2,
            "La réponse ne correspondait pas à ma question au début", "type evolution; product gestion; module factures"),
    Request(6, "700100203", Platform.TELEGRAM, "Le tableau de bord commercial est vide ce matin", "major", "noted"),
    Request(7, "U0DAVID01", Platform.SLACK, "Erreur 500 à l'import du fichier clients", "blocking", "claimed",
            triage="type bug; product compta; module imports"),
    Request(8, "700100204", Platform.TELEGRAM, "Le planning des techniciens ne s'affiche plus", "major", "new"),
    Request(9, "gaston", Platform.CONSOLE, "Question sur l'archivage des factures de 2019", "low", "new",
            triage="type help; product compta"),
    Request(9, "U0EMMA001", Platform.SLACK, "Le lecteur de codes-barres n'est plus reconnu", "minor", "new",
            triage="type help"),
)
DEFLECTED = (  # requests an article solved: no ticket
    (1, "hugo", "J'ai oublié mon mot de passe"), (3, "ines", "Mon compte est verrouillé après trois essais"),
    (5, "jules", "Comment vider le cache du navigateur"), (8, "karim", "Je ne reçois pas les emails de notification"),
)
UNANSWERED = ((2, "lea", "Le photocopieur du deuxième étage fait un bruit bizarre"),
              (6, "marc", "La machine à café du service compta est en panne"))


def business_day(n: int, hour: float = 0) -> datetime:
    day = START
    while n:
        day += timedelta(days=1)
        if day.weekday() < 5 and day.day != 11:  # 11 November is a French public holiday
            n -= 1
    return day + timedelta(hours=hour)


def requester(bot: SupportBot, who: str, platform: Platform) -> ChatDriver:
    names = {"U0ALICE01": "Alice Martin", "U0BOB0001": "Bob Smith", "700100201": "Camille Dupont", "700100202": "Denise Lambert",
             "700100203": "Nadia Benali", "700100204": "Fanny Roux", "U0CLAIRE1": "Claire Petit", "U0DAVID01": "David Moreau",
             "U0EMMA001": "Emma Leroy"}
    name = names.get(who, who.title() + " Durand")
    chat = ChatDriver(bot.desk, who, platform=platform, name=name)
    first = name.split()[0].lower()
    if platform is Platform.SLACK:  # what a Slack profile says
        chat.sender = replace(chat.sender, title="Comptable" if who == "U0ALICE01" else "Assistante commerciale",
                              timezone="Europe/Paris", username=first, email=f"{first}@example.fr", locale="fr-FR")
    elif platform is Platform.TELEGRAM:  # a Telegram user's @username and language
        chat.sender = replace(chat.sender, username=f"{first}_{name.split()[-1].lower()}")
    return chat


def agent(bot: SupportBot) -> ChatDriver:
    return ChatDriver(bot.desk, AGENT_ID, platform=Platform.TELEGRAM, channel=str(AGENTS_CHAT), name=AGENT_NAME)


def file(chat: ChatDriver, summary: str, impact: str) -> str:
    chat.say(summary)
    if chat.choices() and any("Aucun de ceux-là" in c.label for c in chat.choices()):
        chat.press("Aucun de ceux-là")
    for answer in ("Erreur 500 : impossible de générer le document", None, "3 personnes", "Le document attendu",
                   "Une page blanche", "Vider le cache"):
        if answer is None:
            chat.press("Depuis une mise à jour")
        else:
            chat.say(answer)
        if any("Aucun de ceux-là" in c.label for c in chat.choices()):
            chat.press("Aucun de ceux-là")
    chat.press(IMPACTS[impact])
    reply = chat.press("Envoyer la demande")[0]
    assert isinstance(reply, TextReply), reply
    return next(w for w in reply.text.replace("(", " ").replace(")", " ").split() if w.startswith("SUP-"))


def ticket_id(bot: SupportBot, reference: str) -> int:
    with bot.sessions() as session:
        found = TicketRepository(session).by_reference(reference, lock=False)
        assert found is not None
        return found.id


def seed_desk(bot: SupportBot, clock: FakeClock) -> list[str]:
    """Everything above, in order of time; leaves the clock at the last business day, 16:00 in Paris."""
    references = []
    desk_agent = agent(bot)
    for day, who, text in DEFLECTED:
        clock.set(business_day(day, 2))
        chat = requester(bot, who, Platform.CONSOLE)
        chat.say(text)
        chat.press_id(next(c.id for c in chat.choices() if c.label == "Cela a résolu mon problème"))
    for day, who, text in UNANSWERED:
        clock.set(business_day(day, 3))
        requester(bot, who, Platform.CONSOLE).say(text)
    for n, request in enumerate(REQUESTS):
        clock.set(business_day(request.day, 1 + n % 5))
        chat = requester(bot, request.who, request.platform)
        reference = file(chat, request.summary, request.impact)
        references.append(reference)
        for change in filter(None, request.triage.split("; ")):
            desk_agent.say(f"/requalify {reference} {change}")
        _work(bot, clock, desk_agent, chat, reference, request)
    clock.set(business_day(10, 6.5))
    return references


def _work(bot: SupportBot, clock: FakeClock, desk_agent: ChatDriver, chat: ChatDriver, reference: str,
          request: Request) -> None:
    if request.fate == "new":
        return
    clock.advance(hours=2 if request.impact == "blocking" else 5)
    desk_agent.say(f"/claim {reference}")
    if request.fate == "claimed":
        return
    clock.advance(minutes=40)
    if request.fate == "noted":
        desk_agent.say(f"/note {reference} Même souci chez un autre client, voir avec l'équipe data")
        return
    if request.fate == "escalated":
        desk_agent.say(f"/escalate {reference} Équipe fiscalité : règle de TVA à revoir")
        return
    desk_agent.say(f"/ask {reference} Quelle version de l'application mobile utilisez-vous ?")
    if request.fate == "asked":
        return
    clock.advance(hours=3)
    chat.say(f"/reply {reference} Version 2026.3, sur Android")
    clock.advance(hours=20 if request.impact != "blocking" else 2)
    desk_agent.say(f"/reply {reference} Correctif appliqué, videz le cache puis réessayez")
    desk_agent.say(f"/resolve {reference} Cause : cache de l'ancienne version")  # a typed text stays internal
    if request.fate == "resolved":
        return
    clock.advance(hours=4)
    identifier = ticket_id(bot, reference)
    chat.press_id(requester_button(identifier, RequesterAction.CONFIRM))
    chat.press_id(requester_button(identifier, RequesterAction.RATE, request.score))
    if request.comment:
        chat.say(request.comment)
