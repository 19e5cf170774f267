"""Every error the core raises on purpose, as one tree. Each says, in English, what went wrong
and what to do; :mod:`bot.refusals` turns desk errors into the catalog's text for the person
who hit them (in their language), in that one place.

    SupportbotError
     ├── ConfigurationError (ValueError)  a setting or a deployment file cannot be used
     │    ├── IntakeConfigError            the intake questions file      (bot.intake.loader)
     │    ├── SlaSettingsError             business hours, SLA targets    (bot.sla.parsing)
     │    ├── TriageConfigError            types, products, queues, organisations (bot.triage.loader)
     │    └── CannedConfigError            the canned responses' folder   (bot.toolbox.canned)
     ├── PayloadError (ValueError)        a stored outbox payload cannot be read back (bot.outbox.codec)
     ├── DeliveryError                    a courier could not deliver; says whether to retry (bot.delivery)
     ├── PlaceTaken                       another process opened a conversation at this place first:
     │                                    the desk runs the turn again, in that one (bot.desk)
     └── DeskError                        a person asked for something the desk refuses
          ├── TicketNotFound               no such ticket, or not theirs (references never leak)
          ├── NotAnAgent                   an agent's action by someone who is not an agent
          ├── NotInQueue                   an agent acting on (or given) a ticket of a queue that is not theirs
          ├── NotYourTicket                a requester acting on someone else's ticket
          ├── TextRequired                 the action needs a text: names the field
          ├── InvalidScore                 a satisfaction score outside 1-5
          ├── UnknownChoice                a value that is not one of a field's (a type, a queue, a canned response)
          ├── NothingToChange              the ticket already has that value
          ├── MergeRefused                 a ticket cannot be merged into that one (itself, a closed one)
          ├── ActionRefused                the lifecycle does not allow the action in this status
          │    └── ReopenWindowPassed      closed too long ago to be reactivated: a new request is offered
          └── SignInRefused                a web desk sign-in that cannot happen: says why (bot.web_access)

Refusals are exceptions because they stop an action half-way, from any entry point (chat,
command line, forms); they are caught once, at the edge, never to choose between two paths.
Anything else (a bug, the database gone) is not a ``SupportbotError``: the adapters' one
catch-all logs it and apologises.
"""

from __future__ import annotations

import enum

from bot.tickets.actions import TicketAction
from bot.tickets.status import TicketStatus


class SupportbotError(Exception):
    """The root of every error the core raises on purpose."""


class ConfigurationError(SupportbotError, ValueError):
    """A setting or a deployment file cannot be used; the message says which and how to fix it."""


class PayloadError(SupportbotError, ValueError):
    """A stored payload cannot be read back (unknown version or type, missing field)."""


class DeliveryError(SupportbotError):
    """A courier could not deliver; ``retry`` says whether trying later may work."""

    def __init__(self, message: str, *, retry: bool = True, retry_after: float | None = None) -> None:
        super().__init__(message)
        self.retry = retry
        self.retry_after = retry_after


class PlaceTaken(SupportbotError):
    """A conversation was opened at this place by a concurrent transaction that committed first.

    Raised by :meth:`bot.conversation.store.ConversationStore.start`; the desk rolls the turn back
    and runs it again, where it finds that conversation and becomes a turn of it.
    """

    def __init__(self, place: str) -> None:
        super().__init__(f"a conversation is already active at {place}: the turn is to be run again in it")
        self.place = place


class DeskError(SupportbotError):
    """A person asked the desk for something it refuses. Nothing was changed."""


class TicketNotFound(DeskError):
    def __init__(self, reference: str) -> None:
        super().__init__(f"no ticket with the reference {reference!r}")
        self.reference = reference


class NotAnAgent(DeskError):
    def __init__(self, who: str) -> None:
        super().__init__(f"{who} is not an agent (SUPPORTBOT_AGENTS lists who is)")
        self.who = who


class NotInQueue(DeskError):
    """Where queues restrict (``queue_access = "restricted"``): ``who`` may not act on ``reference``,
    a ticket of the queue named ``queue`` (its agents and team leads may)."""

    def __init__(self, reference: str, queue: str, who: str) -> None:
        super().__init__(f"{who} may not act on {reference}, a ticket of the queue {queue!r} (its agents and team leads may)")
        self.reference = reference
        self.queue = queue
        self.who = who


class NotYourTicket(DeskError):
    def __init__(self, reference: str) -> None:
        super().__init__(f"ticket {reference} belongs to someone else")
        self.reference = reference


class TextRequired(DeskError):
    """``field`` is the catalog key of the field's label (``agent.escalate_field``)."""

    def __init__(self, action: TicketAction, field: str) -> None:
        super().__init__(f"{action.value} needs a text ({field})")
        self.action = action
        self.field = field


class InvalidScore(DeskError):
    def __init__(self, score: int) -> None:
        super().__init__(f"a satisfaction score is 1 to 5, not {score}")
        self.score = score


class UnknownChoice(DeskError):
    """``what`` is the catalog key of what was asked for (``field.type``, ``triage.canned``);
    ``known`` lists what would have been accepted (empty: nothing is available)."""

    def __init__(self, what: str, given: str, known: tuple[str, ...]) -> None:
        shown = ", ".join(known) if known else "nothing is available"
        super().__init__(f"{given!r} is not a known {what} (known: {shown})")
        self.what = what
        self.given = given
        self.known = known


class NothingToChange(DeskError):
    def __init__(self, reference: str, what: str) -> None:
        super().__init__(f"{reference} already has that {what}")
        self.reference = reference
        self.what = what


class MergeRefused(DeskError):
    """``why``: ``itself`` (the same ticket), ``closed`` (the target is closed or cancelled), ``merged``
    (the target was itself merged into another one)."""

    def __init__(self, reference: str, target: str, why: str) -> None:
        super().__init__(f"{reference} cannot be merged into {target}: {why}")
        self.reference = reference
        self.target = target
        self.why = why


class ActionRefused(DeskError):
    """The transitions table has no rule for ``action`` from ``status`` (by this kind of person)."""

    def __init__(self, ticket_id: int, reference: str, action: TicketAction, status: TicketStatus, why: str = "") -> None:
        super().__init__(why or f"{reference} is {status.value}: {action.value} is not possible")
        self.ticket_id = ticket_id
        self.reference = reference
        self.action = action
        self.status = status


class ReopenWindowPassed(ActionRefused):
    def __init__(self, ticket_id: int, reference: str, status: TicketStatus, days: int) -> None:
        super().__init__(ticket_id, reference, TicketAction.REQUESTER_MESSAGE, status,
                         f"{reference} was closed more than {days} days ago: it cannot be reactivated; open a new request")
        self.days = days


class SignInRefusal(str, enum.Enum):
    UNKNOWN = "unknown"  # no such link (mistyped, or forged)
    USED = "used"
    EXPIRED = "expired"
    NOT_ALLOWED = "not_allowed"  # the account was disabled, or left the support team
    THROTTLED = "throttled"  # too many failed attempts from this address
    TOO_MANY_LINKS = "too_many_links"  # several links of the account are still valid: use one


class SignInRefused(DeskError):
    """A web desk sign-in (or a new link) that cannot happen; ``reason`` says why, for the page or
    the message the person sees."""

    def __init__(self, reason: SignInRefusal) -> None:
        super().__init__(f"sign-in refused: {reason.value}")
        self.reason = reason
