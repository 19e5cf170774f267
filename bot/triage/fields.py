"""The closed sets of triage: which fields agents requalify, the requester's own urgency, and
organisations' contract levels. Stored as their values; catalogs name them in both languages."""

from __future__ import annotations

import enum


class TriageField(str, enum.Enum):
    """What a requalification changes (and what an intake question may fill)."""

    TYPE = "type"  # help, bug, evolution, other: a list the deployment configures
    PRIORITY = "priority"  # the impact on work (bot.intake.questions.Priority)
    PRODUCT = "product"
    MODULE = "module"  # a module (theme, domain) of the product
    VERSION = "version"
    URGENCY = "urgency"  # how urgent it is to the requester (ICAP's "priorité utilisateur")
    ORGANISATION = "organisation"
    QUEUE = "queue"  # which agents' queue handles it (a move, not a requalification)


class RequesterUrgency(str, enum.Enum):
    """The requester's own sense of urgency, shown next to the impact (which sets the priority)."""

    LOW = "low"
    NORMAL = "normal"
    HIGH = "high"
    URGENT = "urgent"


class ContractLevel(str, enum.Enum):
    """What an organisation is entitled to (Sage: a service contract or a certified partner)."""

    NONE = "none"  # no contract
    STANDARD = "standard"  # a service contract
    PREMIUM = "premium"  # a premium contract (ENTROPICS' TMA)
    PARTNER = "partner"  # a certified partner
