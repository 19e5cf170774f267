"""The bot's command menu, per language: each command is one the core understands; its
description is in the catalog (``telegram.menu.*``)."""

from __future__ import annotations

from bot.i18n import Language

# (the command as typed, the catalog key of its description under telegram.menu)
COMMANDS: dict[Language, list[tuple[str, str]]] = {
    Language.FR: [("start", "start"), ("nouveau", "new"), ("demandes", "tickets"), ("statut", "status"),
                  ("chercher", "search"), ("annuler", "cancel"), ("langue", "language"), ("aide", "help")],
    Language.EN: [("start", "start"), ("new", "new"), ("tickets", "tickets"), ("status", "status"),
                  ("search", "search"), ("cancel", "cancel"), ("lang", "language"), ("help", "help")],
}
