"""Pure translation, from recorded updates and to Telegram HTML: no server needed."""

from __future__ import annotations

from telegram import Bot, Update

from adapters.telegram import translate
from adapters.telegram.formatting import Line, render, split, units
from adapters.telegram.keyboards import keyboard, remaining_after
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


def test_a_turn_is_one_message_with_every_button_and_each_article_numbered() -> None:
    replies = [TextReply("Merci."), TextReply("Avant tout :"),
               ArticleCard("a1", "Titre", "Extrait", "https://kb/a1", (Choice("1.ks.0", "Résolu"),)),
               ArticleCard("a2", "Autre", "Extrait 2", None, (Choice("1.ks.1", "Résolu"),)),
               TextReply("(2/8) Question ?", (Choice("1.b", "Retour"),))]
    [message] = render(replies)
    assert message.html == ('Merci.\n\nAvant tout :\n\n📄1. <a href="https://kb/a1"><b>Titre</b></a>\nExtrait\n\n'
                            '📄2. <b>Autre</b>\nExtrait 2\n\n(2/8) Question ?')
    assert [c.label for c in message.choices] == ["📄1 · Résolu", "📄2 · Résolu", "Retour"]
    assert [c.id for c in message.choices] == ["1.ks.0", "1.ks.1", "1.b"], "ids travel untouched"


def test_a_lone_reply_keeps_its_plain_labels() -> None:
    [message] = render([ArticleCard("a1", "Titre", "Extrait", None, (Choice("1.ks.0", "Résolu"),))])
    assert message.html.startswith("📄 <b>Titre</b>") and [c.label for c in message.choices] == ["Résolu"]


def test_a_turn_too_long_for_one_message_starts_a_new_one_between_replies() -> None:
    long = TextReply("é" * 4085, (Choice("1.a", "A"),))
    messages = render([long, TextReply("(2/8) Question ?", (Choice("1.b", "Retour"),))])
    assert [m.html[-16:] for m in messages] == ["é" * 16, "(2/8) Question ?"]
    assert [[c.id for c in m.choices] for m in messages] == [["1.a"], ["1.b"]]


def test_pressing_an_article_retires_only_its_buttons() -> None:
    [message] = render([ArticleCard("a1", "T1", "x", None, (Choice("k0", "Résolu"), Choice("n0", "Pas ça"))),
                        ArticleCard("a2", "T2", "y", None, (Choice("k1", "Résolu"),)),
                        TextReply("Question ?", (Choice("b", "Retour"), Choice("s", "Passer")))])
    markup = keyboard(message.choices)
    left = remaining_after(markup, "n0")
    assert left is not None and [b.callback_data for row in left.inline_keyboard for b in row] == ["k1", "b", "s"]
    after_answer = remaining_after(markup, "s")
    assert after_answer is not None and [b.callback_data for r in after_answer.inline_keyboard for b in r] == ["k0", "n0", "k1"]
    assert remaining_after(keyboard((Choice("b", "Retour"),)), "b") is None


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
