"""Who is entitled to open tickets by contract, where a deployment wants it (Sage: customers with
a service contract and certified partners only): ``SUPPORTBOT_ENTITLED_CONTRACTS=standard,premium,partner``.
Empty: everyone the platform's access rules let in."""

from __future__ import annotations

from sqlalchemy.orm import Session

from bot.errors import ConfigurationError
from bot.messages import Sender
from bot.triage.fields import ContractLevel
from bot.triage.organisations import Organisations


class Entitlement:
    def __init__(self, levels: frozenset[ContractLevel], organisations: Organisations) -> None:
        self.levels = levels
        self.organisations = organisations

    @classmethod
    def parse(cls, setting: str, organisations: Organisations) -> Entitlement:
        names = [name.strip().lower() for name in setting.split(",") if name.strip()]
        known = {level.value for level in ContractLevel}
        unknown = sorted(set(names) - known)
        if unknown:
            raise ConfigurationError(f"SUPPORTBOT_ENTITLED_CONTRACTS names unknown contract levels {unknown} "
                                     f"(use {', '.join(sorted(known))})")
        return cls(frozenset(ContractLevel(name) for name in names), organisations)

    def allows(self, session: Session, sender: Sender) -> bool:
        if not self.levels:
            return True
        organisation = self.organisations.of_sender(session, sender)
        return organisation is not None and organisation.contract in self.levels
