"""The few texts only the Telegram adapter says (about Telegram itself), in French and English."""

from __future__ import annotations

from bot.i18n import Language

_TEXTS: dict[str, dict[Language, str]] = {
    "file_too_big": {
        Language.FR: "Le fichier « {names} » dépasse 20 Mo, la limite de Telegram pour les bots : je ne peux pas le "
        "joindre. Envoyez une version plus légère (capture d'écran, archive compressée) ou décrivez son contenu.",
        Language.EN: "The file \"{names}\" is over 20 MB, Telegram's limit for bots: I cannot attach it. Send a "
        "lighter version (a screenshot, a compressed archive) or describe what it shows.",
    },
    "failure": {
        Language.FR: "Désolé, un problème technique m'empêche de traiter votre message. Réessayez dans un instant.",
        Language.EN: "Sorry, a technical problem prevents me from handling your message. Please try again in a moment.",
    },
}

# The command menu: (command, description). Every command is one the core understands.
COMMANDS: dict[Language, list[tuple[str, str]]] = {
    Language.FR: [
        ("start", "Commencer ou reprendre une demande"),
        ("nouveau", "Nouvelle demande"),
        ("demandes", "Mes demandes"),
        ("statut", "Où en est une demande (ex. : /statut SUP-000001)"),
        ("annuler", "Annuler la demande en cours"),
        ("langue", "Changer de langue (français / English)"),
        ("aide", "Aide"),
    ],
    Language.EN: [
        ("start", "Start or resume a request"),
        ("new", "New request"),
        ("tickets", "My requests"),
        ("status", "Where a request stands (e.g. /status SUP-000001)"),
        ("cancel", "Cancel the current request"),
        ("lang", "Change language (français / English)"),
        ("help", "Help"),
    ],
}


def text(lang: Language, key: str, **params: str) -> str:
    return _TEXTS[key][lang].format(**params)
