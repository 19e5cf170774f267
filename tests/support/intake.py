"""Walk the default intake with typical answers."""

from __future__ import annotations

from bot.messages import Reply, TextReply
from tests.support.chat import ChatDriver

FR_ANSWERS = {
    "error": "Erreur 500 : impossible de générer le document",
    "users": "3 personnes",
    "expected": "Un PDF de la facture",
    "actual": "Une page blanche s'affiche",
    "tried": "Vider le cache et changer de navigateur",
}


def answer_all(chat: ChatDriver, *, impact_label: str = "Je ne peux pas faire ma tâche") -> list[Reply]:
    """From the error-message question to the recap, in French."""
    chat.say(FR_ANSWERS["error"])
    chat.press("Depuis une mise à jour")
    chat.say(FR_ANSWERS["users"])
    chat.say(FR_ANSWERS["expected"])
    chat.say(FR_ANSWERS["actual"])
    chat.say(FR_ANSWERS["tried"])
    return chat.press(impact_label)


def file_ticket(chat: ChatDriver, summary: str = "L'export des factures en PDF échoue") -> str:
    """A whole French intake submitted; returns the ticket reference."""
    chat.say(summary)
    answer_all(chat)
    replies = chat.press("Envoyer la demande")
    first = replies[0]
    assert isinstance(first, TextReply), replies
    reference = next(word for word in first.text.replace("(", " ").split() if word.startswith("SUP-"))
    return reference
