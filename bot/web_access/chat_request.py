"""An agent asks the bot for a sign-in link in chat: ``/web`` (or ``!web``, ``/connexion``, ``/login``).

The link goes to the agent's private conversation with the bot through the outbox, in the
turn's transaction, wherever they asked (the agents' channel is shared: a link posted there
would let colleagues sign in as them). The console is a private terminal: it shows the link.
Requesters are told the web desk is for the support team, and get nothing.
"""

from __future__ import annotations

import re
from datetime import timedelta

from sqlalchemy.orm import Session

from bot.delivery import OutboundKind
from bot.i18n import Catalog, Language, normalize_language
from bot.messages import Destination, InboundMessage, Platform, Reply, TextReply
from bot.outbox.outbox import Outbox
from bot.text import clean_user_text
from bot.web_access.accounts import AccountBook
from bot.web_access.links import SignInLinks, SignInRefused

_REQUEST = re.compile(r"^[/!](?:web|desk|bureau|connexion|login|signin)(?:@\w+)?$", re.IGNORECASE)


def is_sign_in_request(text: str) -> bool:
    return bool(_REQUEST.match(text.strip()))


class SignInRequests:
    def __init__(
        self, accounts: AccountBook, links: SignInLinks, outbox: Outbox, catalog: Catalog, base_url: str,
        default_language: Language,
    ) -> None:
        self.accounts = accounts
        self.links = links
        self.outbox = outbox
        self.catalog = catalog
        self.base_url = base_url.rstrip("/")
        self.default_language = default_language

    def answer(self, session: Session, message: InboundMessage) -> list[Reply] | None:
        """The replies to a sign-in request, or None when the message is not one."""
        if message.button_id is not None or not is_sign_in_request(clean_user_text(message.text)):
            return None
        sender = message.sender
        lang = normalize_language(sender.locale, self.default_language)
        if not self.accounts.may_ask_for_a_link(sender):
            return [TextReply(self.catalog.text(lang, "web_signin.not_for_requesters"), ephemeral=True)]
        account = self.accounts.chat_account(session, sender, lang)
        try:
            token = self.links.issue(session, account)
        except SignInRefused:
            return [TextReply(self.catalog.text(lang, "web_signin.too_many_links"), ephemeral=True)]
        minutes = int(self.links.lifetime / timedelta(minutes=1))
        link = TextReply(self.catalog.text(lang, "web_signin.link", url=f"{self.base_url}/signin/{token}", minutes=minutes))
        if sender.platform is Platform.CONSOLE:
            return [link]
        self.outbox.put(session, kind=OutboundKind.REQUESTER_NOTICE,
                        destination=Destination(sender.platform, sender.user_id), replies=[link])
        return [TextReply(self.catalog.text(lang, "web_signin.link_sent", minutes=minutes), ephemeral=True)]
