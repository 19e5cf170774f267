"""Organisations (customers) and their people: who a requester is, what their contract entitles.

Part of :mod:`bot.storage.models`, which imports every model.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import ForeignKey, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from bot.messages import Platform
from bot.storage.base import Base, enum_column
from bot.triage.fields import ContractLevel


class OrganisationRow(Base):
    """A customer organisation: its contract level, and how its people are recognised besides
    being listed (a Slack user group, an e-mail domain)."""

    __tablename__ = "organisations"

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(200), unique=True)
    contract: Mapped[ContractLevel] = mapped_column(enum_column(ContractLevel, 16), default=ContractLevel.NONE)
    slack_groups: Mapped[list[Any]] = mapped_column(default=list)
    email_domains: Mapped[list[Any]] = mapped_column(default=list)
    created_at: Mapped[datetime]


class OrganisationMemberRow(Base):
    """A person of an organisation (listed, or linked with a customer code); one organisation each."""

    __tablename__ = "organisation_members"
    __table_args__ = (UniqueConstraint("platform", "user_id", name="uq_organisation_members_person"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    organisation_id: Mapped[int] = mapped_column(ForeignKey("organisations.id"), index=True)
    platform: Mapped[Platform] = mapped_column(enum_column(Platform, 16))
    user_id: Mapped[str] = mapped_column(String(128))
    created_at: Mapped[datetime]
