"""Web desk accounts: agents by their chat identity, and local accounts made from the command line.

A chat account's role is decided by the settings at every request (SUPPORTBOT_WEB_LEADS), and it
stops working as soon as its identity leaves SUPPORTBOT_AGENTS and SUPPORTBOT_WEB_LEADS.
"""

from __future__ import annotations

import enum
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from bot.i18n import Language
from bot.lifecycle.actors import Actor, ActorKind, AgentRegistry
from bot.messages import Platform, Sender
from bot.storage.web_models import WebAccountRow

LOCAL_PLATFORM = "web"


class AccountKind(str, enum.Enum):
    CHAT = "chat"  # an agent who signs in with a link the bot sends in chat
    LOCAL = "local"  # made by an administrator from the command line


class WebRole(str, enum.Enum):
    AGENT = "agent"  # the queue, tickets, actions
    LEAD = "lead"  # team lead / administrator: also the reports and the exports

    @property
    def sees_reports(self) -> bool:
        return self is WebRole.LEAD


@dataclass(frozen=True)
class WebAccount:
    id: int
    kind: AccountKind
    platform: str
    user_id: str
    name: str
    role: WebRole
    lang: Language

    @property
    def actor(self) -> Actor:
        """Who acts on a ticket from the web: an agent with their chat identity, so the audit trail
        and the assignee read the same whether they acted in chat or here."""
        return Actor(ActorKind.AGENT, self.platform, self.user_id, self.name)


class AccountBook:
    def __init__(self, agents: str, leads: str, clock: Callable[[], datetime]) -> None:
        self.agents = AgentRegistry(agents)
        self.leads = AgentRegistry(leads)
        self.clock = clock

    def may_ask_for_a_link(self, sender: Sender) -> bool:
        return self.agents.is_agent(sender) or self.leads.is_agent(sender)

    def chat_account(self, session: Session, sender: Sender, lang: Language) -> WebAccount:
        """The account of an agent writing in chat, made on their first request; name and language follow chat."""
        row = session.scalars(select(WebAccountRow).where(
            WebAccountRow.platform == sender.platform.value, WebAccountRow.user_id == sender.user_id)).first()
        if row is None:
            row = WebAccountRow(kind=AccountKind.CHAT.value, platform=sender.platform.value, user_id=sender.user_id,
                                display_name="", role=WebRole.AGENT.value, lang=lang.value, created_at=self.clock())
            session.add(row)
        row.display_name = (sender.display_name or sender.user_id)[:200]
        row.lang = lang.value
        session.flush()
        account = self.view(row)
        assert account is not None
        return account

    def create_local(self, session: Session, name: str, role: WebRole, lang: Language) -> WebAccount:
        name = " ".join(name.split())[:200]
        if not name:
            raise ValueError("a local account needs a name (the one shown in the audit trail)")
        row = WebAccountRow(kind=AccountKind.LOCAL.value, platform=LOCAL_PLATFORM, user_id="", display_name=name,
                            role=role.value, lang=lang.value, created_at=self.clock())
        session.add(row)
        session.flush()
        row.user_id = f"local-{row.id}"
        account = self.view(row)
        assert account is not None
        return account

    def find(self, session: Session, account_id: int) -> WebAccount | None:
        """The account if it may still use the desk (not disabled, still an agent or lead)."""
        row = session.get(WebAccountRow, account_id)
        return self.view(row) if row is not None else None

    def named(self, session: Session, name_or_id: str) -> WebAccountRow | None:
        wanted = name_or_id.strip()
        if wanted.isdigit():
            return session.get(WebAccountRow, int(wanted))
        return session.scalars(select(WebAccountRow).where(
            (WebAccountRow.display_name == wanted) | (WebAccountRow.user_id == wanted)).order_by(WebAccountRow.id)).first()

    def all(self, session: Session) -> list[WebAccountRow]:
        return list(session.scalars(select(WebAccountRow).order_by(WebAccountRow.id)))

    def set_language(self, session: Session, account_id: int, lang: Language) -> None:
        row = session.get(WebAccountRow, account_id)
        if row is not None:
            row.lang = lang.value

    def disable(self, session: Session, row: WebAccountRow) -> None:
        row.disabled_at = row.disabled_at or self.clock()

    def view(self, row: WebAccountRow) -> WebAccount | None:
        if row.disabled_at is not None:
            return None
        kind = AccountKind(row.kind)
        role = WebRole(row.role)
        if kind is AccountKind.CHAT:
            try:
                sender = Sender(Platform(row.platform), row.user_id)
            except ValueError:
                return None
            if self.leads.is_agent(sender):
                role = WebRole.LEAD
            elif self.agents.is_agent(sender):
                role = WebRole.AGENT
            else:
                return None  # no longer on the support team
        return WebAccount(row.id, kind, row.platform, row.user_id, row.display_name, role, Language(row.lang))
