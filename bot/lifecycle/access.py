"""Who may open tickets, per platform: everyone, listed users or groups, or (Telegram) linked customers.

A list names users by id and, where the platform has them, groups (a Slack user group's id or
@handle): a sender is listed when their id or one of their ``Sender.groups`` is. Which groups a
sender belongs to is the adapter's business; the policy only compares names.
"""

from __future__ import annotations

import secrets
from collections.abc import Callable, Mapping
from datetime import datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from bot.messages import Platform, Sender
from bot.storage.models import CustomerRow

EVERYONE = "*"
LINKED = "linked"
_CODE_ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"  # no 0/O, 1/I: codes are read aloud and retyped


class RequesterPolicy:
    def __init__(self, rules: Mapping[Platform, str]) -> None:
        self.rules = {platform: rule.strip() or EVERYONE for platform, rule in rules.items()}

    def may_open(self, session: Session, sender: Sender) -> bool:
        rule = self.rules.get(sender.platform, EVERYONE)
        if rule == EVERYONE:
            return True
        if rule == LINKED:
            return linked_customer(session, sender) is not None
        allowed = listed_entries(rule)
        return sender.user_id in allowed or not allowed.isdisjoint(sender.groups)

    def requires_link(self, platform: Platform) -> bool:
        return self.rules.get(platform) == LINKED


def listed_entries(rule: str) -> frozenset[str]:
    """The names in a comma-separated rule; none for ``*`` (everyone) and ``linked``."""
    if rule.strip() in {EVERYONE, LINKED}:
        return frozenset()
    return frozenset(entry.strip() for entry in rule.split(",") if entry.strip())


def linked_customer(session: Session, sender: Sender) -> CustomerRow | None:
    return session.scalars(select(CustomerRow).where(
        CustomerRow.platform == sender.platform.value, CustomerRow.user_id == sender.user_id)).first()


def new_customer(
    session: Session, name: str, now: datetime, random: Callable[[int], str] | None = None, organisation_id: int | None = None,
) -> CustomerRow:
    """A one-time link code for the customer ``name`` (of the organisation ``organisation_id``)."""
    draw = random or (lambda n: "".join(secrets.choice(_CODE_ALPHABET) for _ in range(n)))
    code = draw(8)
    while session.scalars(select(CustomerRow.id).where(CustomerRow.code == code)).first() is not None:
        code = draw(8)
    customer = CustomerRow(name=name.strip(), code=code, platform=None, user_id=None, created_at=now, linked_at=None,
                           organisation_id=organisation_id)
    session.add(customer)
    session.flush()
    return customer


def link_customer(session: Session, code: str, sender: Sender, now: datetime) -> CustomerRow | None:
    """Link ``sender``'s chat to the customer with this code; ``None`` if unknown or taken by someone else."""
    customer = session.scalars(select(CustomerRow).where(CustomerRow.code == code.strip().upper()).with_for_update()).first()
    if customer is None:
        return None
    if customer.user_id and (customer.platform, customer.user_id) != (sender.platform.value, sender.user_id):
        return None
    customer.platform, customer.user_id, customer.linked_at = sender.platform, sender.user_id, now
    return customer
