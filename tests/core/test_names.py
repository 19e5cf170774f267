"""Names people and platforms give (a display name, a file name) are shown to others and stored:
control, format and bidi characters are dropped, NUL never reaches the database, a name is cut to
what its column holds, and the terminal prints what a ticket holds without obeying it."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from sqlalchemy import update
from typer.testing import CliRunner

from adapters.cli.main import make_cli
from bot.bootstrap import SupportBot
from bot.delivery import OutboundKind
from bot.messages import Attachment, Platform
from bot.storage.models import TicketRow
from tests.lifecycle.support import outbox, ticket
from tests.support.chat import ChatDriver
from tests.support.intake import answer_all, file_ticket

FORGED_FILE = "facture\u202efdp.exe"  # shows as "factureexe.pdf" where the bidi override is obeyed


def test_a_file_name_with_a_bidi_override_reaches_agents_as_it_really_is(make_bot: Callable[..., SupportBot]) -> None:
    bot = make_bot()
    chat = ChatDriver(bot.desk, "5001", platform=Platform.TELEGRAM, name="Chlo\u200be \x1b[31mDubois\u202e")
    chat.say("L'export des factures en PDF échoue", attachments=[
        Attachment(FORGED_FILE, "application/octet-stream", 1200, None, "BQACAgQ", Platform.TELEGRAM, "document"),
        Attachment("rapport\x00.pdf", "application/pdf", 800, None, "BQACAgR", Platform.TELEGRAM, "document"),
    ])
    reference = _file_after_files(chat)
    card = next(row.card for row in outbox(bot) if row.kind is OutboundKind.AGENT_CARD)
    fields = {f.label: f.value for f in card.fields}
    assert fields["Demandeur"] == "Chloe [31mDubois (telegram)"
    assert fields["Pièces jointes"].startswith("facturefdp.exe (BQACAgQ), rapport.pdf (BQACAgR)")
    stored = ticket(bot, reference)
    assert stored.requester_name == "Chloe [31mDubois"
    assert [a["name"] for a in stored.attachments] == ["facturefdp.exe", "rapport.pdf"]


def _file_after_files(chat: ChatDriver) -> str:
    """The intake started by a message with files: answer the rest and submit."""
    answer_all(chat)
    filed = chat.press("Envoyer la demande")[0].text  # type: ignore[union-attr]
    return next(word for word in filed.split() if word.startswith("SUP-"))


@pytest.mark.parametrize("name", ["Bob\x00Martin", "B" * 300])
def test_a_name_the_database_would_refuse_does_not_stop_that_persons_messages(
    name: str, make_bot: Callable[..., SupportBot],
) -> None:
    bot = make_bot()
    chat = ChatDriver(bot.desk, "bob", name=name)
    reference = file_ticket(chat)
    stored = ticket(bot, reference).requester_name
    assert "\x00" not in stored and len(stored) <= 200 and stored.startswith("Bob" if "\x00" in name else "BBB")
    chat.say(f"/statut {reference}")
    assert reference in chat.text()


def test_tickets_show_prints_what_a_ticket_holds_without_obeying_it(
    make_bot: Callable[..., SupportBot], monkeypatch: pytest.MonkeyPatch,
) -> None:
    bot = make_bot()
    reference = file_ticket(ChatDriver(bot.desk))
    with bot.sessions.begin() as session:  # a row written before names were cleaned
        session.execute(update(TicketRow).where(TicketRow.reference == reference)
                        .values(requester_name="Mallory\x1b]0;pwned\x07", description="ligne\x1b[2Jeffacée"))
    monkeypatch.setenv("SUPPORTBOT_DATABASE_URL", bot.settings.database_url)
    shown = CliRunner().invoke(make_cli(), ["tickets", "show", reference])
    assert shown.exit_code == 0, shown.output
    assert "\x1b" not in shown.output and "\x07" not in shown.output
    assert "Requester: Mallory\\x1b]0;pwned\\x07 (console)" in shown.output
    assert "ligne\\x1b[2Jeffacée" in shown.output
    listed = CliRunner().invoke(make_cli(), ["tickets", "list"])
    assert "\x1b" not in listed.output and "Mallory\\x1b]0;pwned\\x07" in listed.output


def test_cleaning_keeps_what_it_kept_when_every_character_was_looked_at() -> None:
    """The shortcut for printable text (the common case) changes nothing: a reference filter that
    looks at every character gives the same text on random Unicode, controls and bidi included."""
    import random
    import unicodedata

    from bot.text import _BLANK_LINES, _KEPT, _SPACES, _UNWANTED, clean_user_text

    def reference(text: str) -> str:
        text = unicodedata.normalize("NFC", text.replace("\r\n", "\n").replace("\r", "\n"))
        text = "".join(ch for ch in text if ch in _KEPT or unicodedata.category(ch) not in _UNWANTED)
        lines = [_SPACES.sub(" ", line).strip() for line in text.split("\n")]
        return _BLANK_LINES.sub("\n\n", "\n".join(lines)).strip()

    pick = random.Random(15)
    alphabet = "ab é\u0301\n\t\r\x00\x1b\u200b\u202e\u00a0\u2028\ufeff\ud7ff\U0001f600" + "".join(map(chr, range(32, 127)))
    for _ in range(2_000):
        text = "".join(pick.choice(alphabet) for _ in range(pick.randrange(20)))
        assert clean_user_text(text) == reference(text)
