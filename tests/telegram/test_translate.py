"""Pure translation, from recorded updates and to Telegram HTML: no server needed."""

from __future__ import annotations

from telegram import Bot, Update

from adapters.telegram import translate
from adapters.telegram.formatting import Line, render, split, units
from bot.messages import (
    ArticleCard,
    Choice,
    ConversationKey,
    Platform,
    RecapCard,
    RecapField,
    Sender,
    TextReply,
)
from tests.fakes.telegram.markup import parse_html
from tests.telegram.conftest import recorded

BOT = Bot("123456:TEST-telegram-token")


def update(name: str) -> Update:
    data = recorded(name)
    data["update_id"] = 1
    parsed = Update.de_json(data, BOT)
    assert parsed is not None
    return parsed


def test_a_private_message_comes_from_the_customer_in_their_chat() -> None:
    upd = update("private_command")
    assert upd.message is not None
    inbound = translate.inbound_text(upd, upd.message, (), agents=False)
    assert inbound.sender == Sender(Platform.TELEGRAM, "700100200", "Camille Dupont", "fr", username="camdupont")
    assert inbound.where == ConversationKey(Platform.TELEGRAM, "700100200", None)
    assert (inbound.text, inbound.event_id, inbound.reply_to) == ("/start", "update:1", None)


def test_a_callback_carries_the_button_id_untouched() -> None:
    upd = update("private_callback")
    query = upd.callback_query
    assert query is not None and query.message is not None
    inbound = translate.inbound_press(upd, query, query.message, agents=False)  # type: ignore[arg-type]
    assert inbound.button_id == "1.a.error_message:none"
    assert inbound.where == ConversationKey(Platform.TELEGRAM, "700100200", None)


def test_a_message_in_a_forum_topic_belongs_to_the_topic() -> None:
    upd = update("agents_topic_message")
    assert upd.message is not None
    inbound = translate.inbound_text(upd, upd.message, (), agents=True)
    assert inbound.where == ConversationKey(Platform.TELEGRAM, "-1001987654321", "600")
    assert inbound.reply_to is None, "the topic's opening message is not a real reply"
    assert translate.answer_place(upd.message, agents=True) == translate.Place(-1001987654321, topic=600)


def test_a_reply_in_a_plain_group_belongs_to_the_card_it_answers() -> None:
    upd = update("agents_reply_message")
    assert upd.message is not None
    inbound = translate.inbound_text(upd, upd.message, (), agents=True)
    assert inbound.where == ConversationKey(Platform.TELEGRAM, "-1001555000111", "700")
    assert inbound.reply_to == "700"
    assert translate.answer_place(upd.message, agents=True) == translate.Place(-1001555000111, reply_to=700)


def test_texts_without_buttons_join_the_next_message() -> None:
    replies = [TextReply("Merci."), TextReply("Avant tout :"), ArticleCard("a1", "Titre", "Extrait", "https://kb/a1",
               (Choice("1.ks.0", "Résolu"),)), TextReply("(2/8) Question ?", (Choice("1.b", "Retour"),))]
    messages = render(replies)
    assert [m.html for m in messages] == [
        'Merci.\n\nAvant tout :\n\n📄 <a href="https://kb/a1"><b>Titre</b></a>\nExtrait',
        "(2/8) Question ?",
    ]
    assert [c.label for c in messages[0].choices] == ["Résolu"]


def test_everything_the_user_wrote_is_escaped() -> None:
    card = RecapCard("Récap <1>", (RecapField("Résumé <b>", "a <i>b</i> & c"),))
    [message] = render([card])
    assert message.html == "<b>Récap &lt;1&gt;</b>\n\n<b>Résumé &lt;b&gt;</b> : a &lt;i&gt;b&lt;/i&gt; &amp; c"
    parse_html(message.html)


def test_a_link_that_telegram_would_refuse_is_not_linked() -> None:
    [message] = render([ArticleCard("a1", "Titre", "Extrait", "javascript:alert(1)")])
    assert "href" not in message.html


def test_split_cuts_between_lines_and_keeps_each_part_valid() -> None:
    lines = [Line(f"ligne {i} " + "é" * 50, bold=i % 3 == 0) for i in range(200)]
    parts = split(lines, limit=1000)
    assert len(parts) > 10
    for part in parts:
        assert units(part) <= 1000
        parse_html(part)
    assert "\n".join(parts).count("ligne") == 200


def test_a_line_longer_than_a_message_is_cut_between_words_with_its_style() -> None:
    text = " ".join(f"mot{i}<&>" for i in range(400))
    parts = split([Line("Titre"), Line(text, bold=True, prefix="• ")], limit=500)
    assert all(units(p) <= 500 for p in parts)
    assert parts[0].startswith("Titre\n• <b>mot0&lt;&amp;&gt;"), "the first piece fills the first message"
    assert all(p.startswith("<b>") and p.endswith("</b>") for p in parts[1:])
    for part in parts:
        parse_html(part)
    shown = " ".join(parse_html(p)[0] for p in parts)
    assert shown.split() == ["Titre", "•", *text.split()]


def test_a_word_longer_than_a_message_is_sliced() -> None:
    parts = split([Line("x" * 2500)], limit=1000)
    assert all(units(p) <= 1000 for p in parts)
    assert "".join(parts) == "x" * 2500


def test_emoji_count_as_two_units() -> None:
    assert units("📄") == 2
    parts = split([Line("📄" * 600)], limit=1000)
    assert all(units(p) <= 1000 for p in parts)
