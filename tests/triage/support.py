"""A configured deployment for the triage tests, and walks through its intake."""

from __future__ import annotations

from bot.messages import TextReply
from tests.support.chat import ChatDriver

TRIAGE = """
[[products]]
id = "planning"
label = "HYPERPLANNING"
versions = ["2025.1", "2024.4"]
modules = [
  { id = "timetable", label = { fr = "Emploi du temps", en = "Timetable" } },
  { id = "mobile", label = { fr = "Application mobile", en = "Mobile app" } },
]

[[products]]
id = "billing"
label = { fr = "Facturation", en = "Billing" }
modules = [{ id = "invoices", label = { fr = "Factures", en = "Invoices" } }]

[[products]]
id = "portal"
label = { fr = "Portail client", en = "Customer portal" }

[[organisations]]
name = "ACME"
contract = "premium"
email_domains = ["acme.fr"]
people = ["console:alice"]

[[queues]]
id = "billing"
name = { fr = "Facturation", en = "Billing" }
slack_channel = "C0BILLING1"
telegram_chat = "-1001000000002"
agents = ["console:bea", "slack:U0BILLING", "telegram:900300401"]
route = { products = ["billing"] }
"""

INTAKE = """
questions = [
  { id = "summary" }, { id = "type" }, { id = "product" }, { id = "module" }, { id = "version" },
  { id = "error_message" }, { id = "impact" }, { id = "urgency" },
]
"""


def file_triaged(chat: ChatDriver, summary: str, *, product: str = "Facturation", module: str | None = None,
                 version: str = "3.2.1", ticket_type: str = "Bug", impact: str = "Je ne peux pas faire ma tâche",
                 urgency: str = "Haute") -> str:
    """A French intake of the configured deployment, submitted; returns the reference. Facturation has
    one module: it is chosen by itself (``module`` stays None)."""
    chat.say(summary)
    chat.press(ticket_type)
    chat.press(product)
    if module is not None:
        chat.press(module)
    chat.say(version)
    chat.say("Erreur 500 à la génération")
    chat.press(impact)
    chat.press(urgency)
    replies = chat.press("Envoyer la demande")
    first = replies[0]
    assert isinstance(first, TextReply), replies
    return next(word for word in first.text.replace("(", " ").split() if word.startswith("SUP-"))
