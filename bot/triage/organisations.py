"""Organisations (customers), their contract level and their people, in the database: set by the
triage file at start, by ``supportbot customers …``, or by a customer code a chat sends.

A requester belongs to an organisation when listed among its people (or linked with its code),
else when in one of its Slack user groups, else by their e-mail's domain.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from datetime import datetime

from sqlalchemy import delete, select
from sqlalchemy.orm import Session

from bot.messages import Platform, Sender
from bot.storage.models import OrganisationMemberRow, OrganisationRow
from bot.text import fold
from bot.triage.config import OrganisationConfig
from bot.triage.context import RequesterContext
from bot.triage.fields import ContractLevel


class Organisations:
    def __init__(self, clock: Callable[[], datetime]) -> None:
        self.clock = clock

    def all(self, session: Session) -> list[OrganisationRow]:
        return list(session.scalars(select(OrganisationRow).order_by(OrganisationRow.name)))

    def get(self, session: Session, organisation_id: int | None) -> OrganisationRow | None:
        return session.get(OrganisationRow, organisation_id) if organisation_id else None

    def find(self, session: Session, typed: str) -> OrganisationRow | None:
        """By name, without case or accents (names are few: compared here, not in SQL)."""
        wanted = fold(typed)
        return next((o for o in self.all(session) if wanted and fold(o.name) == wanted), None)

    def ensure(self, session: Session, name: str, contract: ContractLevel | None = None) -> OrganisationRow:
        """The organisation of that name, created when new; ``contract`` sets its level when given."""
        organisation = self.find(session, name)
        if organisation is None:
            organisation = OrganisationRow(name=name.strip()[:200], contract=contract or ContractLevel.NONE,
                                           slack_groups=[], email_domains=[], created_at=self.clock())
            session.add(organisation)
            session.flush()
        elif contract is not None:
            organisation.contract = contract
        return organisation

    def add_person(self, session: Session, organisation: OrganisationRow, platform: Platform, user_id: str) -> None:
        """``platform:user_id`` becomes one of its people (leaving any other organisation)."""
        session.execute(delete(OrganisationMemberRow).where(
            OrganisationMemberRow.platform == platform, OrganisationMemberRow.user_id == user_id))
        session.add(OrganisationMemberRow(organisation_id=organisation.id, platform=platform, user_id=user_id,
                                          created_at=self.clock()))

    def people(self, session: Session, organisation: OrganisationRow) -> list[OrganisationMemberRow]:
        query = select(OrganisationMemberRow).where(OrganisationMemberRow.organisation_id == organisation.id)
        return list(session.scalars(query.order_by(OrganisationMemberRow.id)))

    def map(self, session: Session, organisation: OrganisationRow, *, slack_groups: Iterable[str] = (),
            email_domains: Iterable[str] = ()) -> None:
        organisation.slack_groups = sorted({*organisation.slack_groups, *slack_groups})
        organisation.email_domains = sorted({*organisation.email_domains, *(d.lower().lstrip("@") for d in email_domains)})

    def sync(self, session: Session, configured: Iterable[OrganisationConfig]) -> None:
        """Make the database say what the triage file says (organisations it does not name are kept)."""
        for entry in configured:
            organisation = self.ensure(session, entry.name, entry.contract)
            organisation.slack_groups = sorted(set(entry.slack_groups))
            organisation.email_domains = sorted(set(entry.email_domains))
            for person in entry.people:
                platform, _, user_id = person.partition(":")
                self.add_person(session, organisation, Platform(platform), user_id)

    def of_person(self, session: Session, platform: Platform, user_id: str, context: RequesterContext) -> OrganisationRow | None:
        """The requester's organisation: listed or linked, else by Slack user group, else by e-mail domain."""
        member = session.scalars(select(OrganisationMemberRow).where(
            OrganisationMemberRow.platform == platform, OrganisationMemberRow.user_id == user_id)).first()
        if member is not None:
            return self.get(session, member.organisation_id)
        domain = context.email_domain
        organisations = self.all(session)
        by_group = next((o for o in organisations if not set(context.groups).isdisjoint(o.slack_groups)), None)
        return by_group or next((o for o in organisations if domain and domain in o.email_domains), None)

    def of_sender(self, session: Session, sender: Sender) -> OrganisationRow | None:
        return self.of_person(session, sender.platform, sender.user_id, RequesterContext.of(sender))
