"""The few texts only the Slack adapter says (Slack-specific limits and forms), in French and English."""

from __future__ import annotations

_TEXTS: dict[str, dict[str, str]] = {
    "fr": {
        "file_too_big": (
            "Le fichier « {name} » ({size} Mo) dépasse la limite de {limit} Mo : il n'a pas été joint à votre demande."
        ),
        "answered_in_dm": "Je vous réponds en message privé.",
        "error": "Désolé, un problème technique m'empêche de répondre. Réessayez dans un instant.",
        "save": "Enregistrer",
        "send": "Envoyer",
        "cancel": "Annuler",
        "edit_title": "Modifier la demande",
    },
    "en": {
        "file_too_big": (
            "The file “{name}” ({size} MB) is over the {limit} MB limit: it was not attached to your request."
        ),
        "answered_in_dm": "I am answering you in a direct message.",
        "error": "Sorry, a technical problem keeps me from answering. Please try again in a moment.",
        "save": "Save",
        "send": "Send",
        "cancel": "Cancel",
        "edit_title": "Edit the request",
    },
}


def notice(locale: str | None, key: str, **params: object) -> str:
    language = (locale or "fr").split("-", 1)[0].split("_", 1)[0].lower()
    texts = _TEXTS.get(language, _TEXTS["fr"])
    return texts[key].format(**params)


def megabytes(size: int) -> str:
    return f"{size / (1024 * 1024):.1f}".rstrip("0").rstrip(".")
