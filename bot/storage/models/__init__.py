"""Every table of the schema, as typed SQLAlchemy 2.0 models; Alembic migrations create them.

Importing this package registers every model on ``Base.metadata``. Model modules import
:mod:`bot.storage.base`, never each other.
"""

from bot.storage.base import Base
from bot.storage.models.conversations import ConversationRow, InboundEventRow, InboxStatus, RequesterRow
from bot.storage.models.knowledge import KbSearchRow, SuggestionRow
from bot.storage.models.organisations import OrganisationMemberRow, OrganisationRow
from bot.storage.models.outbox import LeaseRow, OutboxRow, OutboxStatus
from bot.storage.models.tickets import (
    CustomerRow,
    PendingActionRow,
    PendingKind,
    TicketEventRow,
    TicketRow,
)
from bot.storage.models.web import (
    AccountKind,
    WebAccountRow,
    WebRole,
    WebSessionRow,
    WebSignInAttemptRow,
    WebSignInLinkRow,
)

__all__ = [
    "AccountKind",
    "Base",
    "ConversationRow",
    "CustomerRow",
    "InboundEventRow",
    "InboxStatus",
    "KbSearchRow",
    "LeaseRow",
    "OrganisationMemberRow",
    "OrganisationRow",
    "OutboxRow",
    "OutboxStatus",
    "PendingActionRow",
    "PendingKind",
    "RequesterRow",
    "SuggestionRow",
    "TicketEventRow",
    "TicketRow",
    "WebAccountRow",
    "WebRole",
    "WebSessionRow",
    "WebSignInAttemptRow",
    "WebSignInLinkRow",
]
