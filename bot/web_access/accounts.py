"""Web desk accounts: the support team by their chat identity, and local accounts made from the
command line.

A chat account's role is decided by the settings at every request (SUPPORTBOT_WEB_LEADS), and it
stops working as soon as its identity leaves SUPPORTBOT_AGENTS and SUPPORTBOT_WEB_LEADS. Only an
agent acts on tickets, with their chat identity, so that the ticket service checks the same list
as in chat and the audit trail names the same person wherever they acted; local accounts and
team leads who are not agents read the desk.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from bot.i18n import Language
from bot.lifecycle.actors import Actor, ActorKind, AgentRegistry
from bot.messages import Sender
from bot.storage.models import AccountKind, WebAccountRow, WebRole
from bot.text import clean_name

LOCAL_PREFIX = "local-"
NAME_LIMIT = 200  # the column's width


@dataclass(frozen=True)
class WebAccount:
    id: int
    kind: AccountKind
    user_id: str
    name: str
    role: WebRole
    lang: Language
    actor: Actor | None = None  # who acts on tickets from the web: set only for an agent

    @property
    def may_act(self) -> bool:
        return self.actor is not None


class AccountBook:
    def __init__(self, agents: AgentRegistry, leads: AgentRegistry, clock: Callable[[], datetime]) -> None:
        self.agents = agents
        self.leads = leads
        self.clock = clock

    def may_ask_for_a_link(self, sender: Sender) -> bool:
        return self.agents.is_agent(sender.platform, sender.user_id) or self.leads.is_agent(sender.platform, sender.user_id)

    def chat_account(self, session: Session, sender: Sender, lang: Language) -> WebAccount:
        """The account of a team member writing in chat, made on their first request; name and
        language follow chat."""
        row = session.scalars(select(WebAccountRow).where(
            WebAccountRow.platform == sender.platform, WebAccountRow.user_id == sender.user_id)).first()
        if row is None:
            row = WebAccountRow(kind=AccountKind.CHAT, platform=sender.platform, user_id=sender.user_id,
                                display_name="", role=WebRole.AGENT, lang=lang, created_at=self.clock())
            session.add(row)
        row.display_name = clean_name(sender.display_name or sender.user_id, NAME_LIMIT)
        row.lang = lang
        session.flush()
        account = self.view(row)
        if account is None:
            raise ValueError(f"{sender.platform.value}:{sender.user_id} is not on the support team")
        return account

    def create_local(self, session: Session, name: str, role: WebRole, lang: Language) -> WebAccount:
        name = clean_name(name, NAME_LIMIT)
        if not name:
            raise ValueError("a local account needs a name (the one shown in the audit trail)")
        row = WebAccountRow(kind=AccountKind.LOCAL, platform=None, user_id="", display_name=name, role=role, lang=lang,
                            created_at=self.clock())
        session.add(row)
        session.flush()
        row.user_id = f"{LOCAL_PREFIX}{row.id}"
        account = self.view(row)
        if account is None:
            raise ValueError("a new local account is never disabled")
        return account

    def find(self, session: Session, account_id: int) -> WebAccount | None:
        """The account if it may still use the desk (not disabled, still on the support team)."""
        row = session.get(WebAccountRow, account_id)
        return self.view(row) if row is not None else None

    def named(self, session: Session, name_or_id: str) -> WebAccountRow | None:
        wanted = name_or_id.strip()
        if wanted.isascii() and wanted.isdigit() and len(wanted) < 10:
            return session.get(WebAccountRow, int(wanted))
        return session.scalars(select(WebAccountRow).where(
            (WebAccountRow.display_name == wanted) | (WebAccountRow.user_id == wanted)).order_by(WebAccountRow.id)).first()

    def all(self, session: Session) -> list[WebAccountRow]:
        return list(session.scalars(select(WebAccountRow).order_by(WebAccountRow.id)))

    def set_language(self, session: Session, account_id: int, lang: Language) -> None:
        row = session.get(WebAccountRow, account_id)
        if row is not None:
            row.lang = lang

    def disable(self, session: Session, row: WebAccountRow) -> None:
        row.disabled_at = row.disabled_at or self.clock()

    def view(self, row: WebAccountRow) -> WebAccount | None:
        if row.disabled_at is not None:
            return None
        if row.kind is AccountKind.LOCAL or row.platform is None:
            return WebAccount(row.id, AccountKind.LOCAL, row.user_id, row.display_name, row.role, row.lang)
        agent = self.agents.is_agent(row.platform, row.user_id)
        if self.leads.is_agent(row.platform, row.user_id):
            role = WebRole.LEAD
        elif agent:
            role = WebRole.AGENT
        else:
            return None  # no longer on the support team
        actor = Actor(ActorKind.AGENT, row.platform, row.user_id, row.display_name) if agent else None
        return WebAccount(row.id, AccountKind.CHAT, row.user_id, row.display_name, role, row.lang, actor)
