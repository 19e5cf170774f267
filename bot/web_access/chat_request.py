"""A team member asks the bot in chat for a web desk sign-in link: a command of its own, routed
by the desk like every other (``/web``, ``/connexion``; ``!web`` in Slack's agents' channel,
``web`` in the agents' console; see :mod:`bot.conversation.commands` and
:mod:`bot.lifecycle.agent_commands`).

The link goes to the person's private conversation with the bot through the outbox, in the
turn's transaction, wherever they asked (the agents' channel is shared: a link posted there
would let colleagues sign in as them). The console is a private terminal: it shows the link.
Requesters are told the web desk is for the support team, and get nothing.
"""

from __future__ import annotations

from datetime import timedelta

from sqlalchemy.orm import Session

from bot.delivery import OutboundKind
from bot.errors import SignInRefused
from bot.i18n import Catalog, Language
from bot.i18n.commands import CommandHints
from bot.messages import Destination, Platform, Reply, Sender, TextReply
from bot.outbox.outbox import Outbox
from bot.web_access.accounts import AccountBook
from bot.web_access.links import SignInLinks


class SignInRequests:
    def __init__(
        self, accounts: AccountBook, links: SignInLinks, outbox: Outbox, catalog: Catalog, hints: CommandHints, base_url: str,
    ) -> None:
        self.accounts = accounts
        self.links = links
        self.outbox = outbox
        self.catalog = catalog
        self.hints = hints
        self.base_url = base_url.rstrip("/")

    def answer(self, session: Session, sender: Sender, lang: Language) -> list[Reply]:
        """What the person who asked reads where they asked; the link itself reaches them privately."""
        if not self.accounts.may_ask_for_a_link(sender):
            return [TextReply(self.catalog.text(lang, "web_signin.not_for_requesters",
                                                cmd=self.hints.requester(sender.platform)), ephemeral=True)]
        account = self.accounts.chat_account(session, sender, lang)
        try:
            token = self.links.issue(session, account)
        except SignInRefused:
            return [TextReply(self.catalog.text(lang, "web_signin.too_many_links"), ephemeral=True)]
        minutes = int(self.links.lifetime / timedelta(minutes=1))
        link = TextReply(self.catalog.text(lang, "web_signin.link", url=f"{self.base_url}/signin/{token}", minutes=minutes))
        if sender.platform is Platform.CONSOLE:
            return [link]
        self.outbox.put(session, kind=OutboundKind.PRIVATE_MESSAGE, destination=Destination(sender.platform, sender.user_id),
                        replies=[link])
        return [TextReply(self.catalog.text(lang, "web_signin.link_sent", minutes=minutes), ephemeral=True)]
