"""The rules of a ticket's life, in one table, and the audit trail they leave.

A rule says which action, by whom, from which statuses, leads to which status (or leaves it as
it is). :class:`bot.tickets.service.TicketService` enforces exactly this table: an action
without a rule is refused, whoever asks. :func:`mermaid` draws the table; the README's diagram
is that drawing (a test compares them). One rule is not in the table because it is about time:
a requester's message reactivates a closed ticket only within the reopen window.

Every status change goes through :meth:`AuditTrail.move`, which also stops the SLA clock while the
ticket is the customer's turn (waiting for them, on hold) and restarts it when it comes back.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy.orm import Session

from bot.errors import ActionRefused
from bot.lifecycle.actors import Actor, ActorKind
from bot.lifecycle.sla_tracking import SlaClock
from bot.storage.models import TicketEventRow, TicketRow
from bot.tickets.actions import TicketAction as A
from bot.tickets.events import TicketEventKind
from bot.tickets.status import TicketStatus as S

AGENT = frozenset({ActorKind.AGENT})
REQUESTER = frozenset({ActorKind.REQUESTER})
ANYONE = frozenset({ActorKind.AGENT, ActorKind.REQUESTER})
SYSTEM = frozenset({ActorKind.SYSTEM})
OPEN = frozenset({S.NEW, S.IN_PROGRESS, S.WAITING_CUSTOMER, S.ESCALATED, S.WAITING_DEVELOPMENT, S.ON_HOLD})
EVERY = frozenset(S)


@dataclass(frozen=True)
class Rule:
    action: A
    sources: frozenset[S]
    target: S | None  # None: the status stays as it is
    by: frozenset[ActorKind]
    label: str = ""  # on the diagram; the action's name when empty

    def applies(self, action: A, status: S, actor: ActorKind) -> bool:
        return action is self.action and status in self.sources and actor in self.by


RULES: tuple[Rule, ...] = (
    Rule(A.CLAIM, frozenset({S.NEW}), S.IN_PROGRESS, AGENT),
    Rule(A.ASSIGN, frozenset({S.NEW}), S.IN_PROGRESS, AGENT),
    Rule(A.REPLY, frozenset({S.NEW}), S.IN_PROGRESS, AGENT, "reply (takes it)"),
    Rule(A.REQUESTER_MESSAGE, frozenset({S.WAITING_CUSTOMER}), S.IN_PROGRESS, REQUESTER, "the requester answers"),
    Rule(A.RESUME, frozenset({S.WAITING_CUSTOMER, S.ESCALATED, S.WAITING_DEVELOPMENT, S.ON_HOLD}), S.IN_PROGRESS, AGENT),
    Rule(A.ASK, OPEN - {S.WAITING_CUSTOMER}, S.WAITING_CUSTOMER, AGENT, "ask for information"),
    Rule(A.ESCALATE, OPEN - {S.ESCALATED}, S.ESCALATED, AGENT),
    Rule(A.WAIT_DEVELOPMENT, OPEN - {S.WAITING_DEVELOPMENT}, S.WAITING_DEVELOPMENT, AGENT,
         "a defect (optionally “next update”)"),
    Rule(A.HOLD, OPEN - {S.ON_HOLD}, S.ON_HOLD, AGENT, "hold, at the customer's request"),
    Rule(A.RESOLVE, OPEN, S.RESOLVED, AGENT),
    Rule(A.CLOSE, OPEN, S.CLOSED, ANYONE, "close (either side)"),
    Rule(A.MERGE, OPEN, S.CLOSED, AGENT, "merge into another ticket"),
    Rule(A.CANCEL, OPEN, S.CANCELLED, ANYONE),
    Rule(A.CONFIRM, frozenset({S.RESOLVED}), S.CLOSED, REQUESTER, "the requester confirms"),
    Rule(A.CLOSE, frozenset({S.RESOLVED}), S.CLOSED, ANYONE, "close (either side)"),
    Rule(A.CLOSE, frozenset({S.RESOLVED}), S.CLOSED, SYSTEM, "no answer: closed automatically"),
    Rule(A.CLOSE, frozenset({S.WAITING_CUSTOMER}), S.CLOSED, SYSTEM, "no answer: closed automatically"),
    Rule(A.HOLD, frozenset({S.WAITING_CUSTOMER}), S.ON_HOLD, SYSTEM, "no answer: put on hold automatically"),
    Rule(A.REOPEN, frozenset({S.RESOLVED}), S.IN_PROGRESS, ANYONE, "“still not working” / reopen"),
    Rule(A.REOPEN, frozenset({S.CLOSED}), S.IN_PROGRESS, ANYONE, "reopen (the requester: same problem, within the window)"),
    Rule(A.CANNED, frozenset({S.NEW}), S.IN_PROGRESS, AGENT, "a canned response or an article (takes it)"),
    Rule(A.ARTICLE, frozenset({S.NEW}), S.IN_PROGRESS, AGENT, "a canned response or an article (takes it)"),
    # Actions that leave the status as it is.
    Rule(A.CLAIM, OPEN - {S.NEW}, None, AGENT),  # taking over from another agent
    Rule(A.ASSIGN, OPEN - {S.NEW}, None, AGENT),
    Rule(A.WAIT_DEVELOPMENT, frozenset({S.WAITING_DEVELOPMENT}), None, AGENT),  # now (or no longer) "next update"
    Rule(A.REPLY, EVERY - {S.NEW}, None, AGENT),
    Rule(A.CANNED, EVERY - {S.NEW}, None, AGENT),
    Rule(A.ARTICLE, EVERY - {S.NEW}, None, AGENT),
    Rule(A.NOTE, EVERY, None, AGENT),
    Rule(A.REQUALIFY, EVERY, None, AGENT),  # classification stays right for reports, even closed
    Rule(A.ROUTE, OPEN | {S.RESOLVED}, None, AGENT),
    Rule(A.REQUESTER_MESSAGE, OPEN - {S.WAITING_CUSTOMER} | {S.RESOLVED}, None, REQUESTER),
    Rule(A.RATE, frozenset({S.CLOSED}), None, REQUESTER),
    Rule(A.COMMENT, frozenset({S.CLOSED}), None, REQUESTER),
)


def rule_for(action: A, status: S, actor: ActorKind) -> Rule | None:
    return next((rule for rule in RULES if rule.applies(action, status, actor)), None)


def allowed(action: A, status: S, actor: ActorKind = ActorKind.AGENT) -> bool:
    return rule_for(action, status, actor) is not None


def mermaid() -> str:
    """The table as a Mermaid state diagram. An arrow from "any other open status" stands for one from
    each open status (new, in progress, waiting for the customer, escalated, waiting for development,
    on hold) but the arrow's target; actions that leave the status as it is are not drawn."""
    edges: dict[tuple[str, str], list[str]] = {}
    for rule in RULES:
        if rule.target is None:
            continue
        label = rule.label or rule.action.value.replace("_", " ")
        sources = ["open"] if rule.sources == OPEN - {rule.target} else [s.value for s in S if s in rule.sources]
        for source in sources:
            labels = edges.setdefault((source, rule.target.value), [])
            if label not in labels:
                labels.append(label)
    lines = ["stateDiagram-v2", '    state "any other open status" as open', "    [*] --> new"]
    lines += [f"    {source} --> {target}: {' / '.join(labels)}" for (source, target), labels in edges.items()]
    lines.append("    closed --> [*]: satisfaction 1-5 and a comment")
    return "\n".join(lines)


class AuditTrail:
    def __init__(self, clock: Callable[[], datetime], sla: SlaClock) -> None:
        self.clock = clock
        self.sla = sla

    def record(
        self, session: Session, ticket: TicketRow, kind: TicketEventKind, actor: Actor, note: str = "",
        from_status: S | None = None, to_status: S | None = None,
    ) -> TicketEventRow:
        event = TicketEventRow(
            ticket_id=ticket.id, at=self.clock(), kind=kind, actor_kind=actor.kind, actor_id=actor.key,
            actor_name=actor.name, from_status=from_status, to_status=to_status, note=note,
        )
        session.add(event)
        return event

    @staticmethod
    def check(ticket: TicketRow, action: A, actor: Actor) -> Rule:
        """The rule allowing ``action`` now, or :class:`ActionRefused`."""
        rule = rule_for(action, ticket.status, actor.kind)
        if rule is None:
            raise ActionRefused(ticket.id, ticket.reference or "", action, ticket.status)
        return rule

    def apply(self, session: Session, ticket: TicketRow, action: A, actor: Actor, note: str = "") -> S:
        """Check ``action`` against the table and change the status it leads to; returns the status
        before. Raises :class:`ActionRefused` when no rule allows it."""
        before = ticket.status
        rule = self.check(ticket, action, actor)
        if rule.target is not None:
            self.move(session, ticket, rule.target, actor, note)
        return before

    def move(self, session: Session, ticket: TicketRow, target: S, actor: Actor, note: str = "") -> TicketEventRow:
        """Change the status, record who did it, and pause or restart the SLA clock."""
        current = ticket.status
        now = self.clock()
        ticket.status = target
        ticket.updated_at = now
        if target is S.RESOLVED:
            ticket.resolved_at = now
        if target is S.CLOSED:
            ticket.closed_at = now
        if target is S.WAITING_CUSTOMER and current is not S.WAITING_CUSTOMER:
            ticket.waiting_since, ticket.customer_reminded_at = now, None  # the reminder counts from here
        self.sla.status_changed(ticket, current, target, now)
        return self.record(session, ticket, TicketEventKind.STATUS, actor, note, current, target)
