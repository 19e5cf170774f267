"""Block Kit rendering and escaping: Slack's limits, and user text that can never ping or link."""

from __future__ import annotations

from adapters.slack.blocks import answered, chunks, render
from adapters.slack.escape import ZWJ, ZWSP, cut, from_slack, mrkdwn, unmrkdwn
from adapters.slack.forms import recap_fields
from adapters.slack.interactions import command_text
from bot.messages import (
    ArticleCard,
    Choice,
    RecapCard,
    RecapField,
    TextReply,
    TicketCard,
)


def test_user_text_cannot_ping_link_or_format() -> None:
    shown = mrkdwn("<!channel> <!here|here> <@U123> <http://evil|click> @channel @Here @everyone a & b")
    assert "<" not in shown and ">" not in shown
    assert "&lt;!channel&gt;" in shown and "&lt;http://evil|click&gt;" in shown and "a &amp; b" in shown
    assert f"@{ZWJ}channel" in shown and f"@{ZWJ}Here" in shown and f"@{ZWJ}everyone" in shown


def test_formatting_markers_are_broken_only_where_they_could_format() -> None:
    assert mrkdwn("*gras* et ```code``` et _it_") == (
        f"*{ZWSP}gras{ZWSP}* et `{ZWSP}``code``{ZWSP}` et _{ZWSP}it{ZWSP}_"
    )
    assert mrkdwn("snake_case_name 2*3") == "snake_case_name 2*3"
    assert unmrkdwn(mrkdwn("*x* <y> & @here")) == "*x* <y> & @here"


def test_slack_markup_becomes_plain_text() -> None:
    text = "<@UBOT0001> salut <@U42|bob> &lt;b&gt; <http://x.example|ici> <!here> <#C1|général> <mailto:a@b.c>"
    assert from_slack(text, "UBOT0001") == "salut @bob <b> ici (http://x.example) @here #général mailto:a@b.c"


def test_long_text_is_split_under_3000_characters() -> None:
    text = "\n".join(f"ligne {n} " + "x" * 90 for n in range(100))
    blocks = render(TextReply(text))
    assert len(blocks) == 4 and all(len(b["text"]["text"]) <= 3000 for b in blocks)


def test_labels_values_and_block_counts_respect_limits() -> None:
    choices = tuple(Choice(f"1.a.q:c{n}", "étiquette " * 20) for n in range(30))
    blocks = render(TextReply("question", choices))
    buttons = [e for b in blocks if b["type"] == "actions" for e in b["elements"]]
    assert len(buttons) == 30 and all(len(b["text"]["text"]) <= 75 and b["text"]["text"].endswith("…") for b in buttons)
    assert [len(b["elements"]) for b in blocks if b["type"] == "actions"] == [25, 5]
    many = chunks([{"type": "section", "block_id": "sb.text.0"}] * 120)
    assert [len(c) for c in many] == [50, 50, 20]
    assert len({b["block_id"] for b in many[0]}) == 50


def test_article_card_shows_title_snippet_and_a_safe_link() -> None:
    (card, actions) = render(ArticleCard("a1", "Compte *verrouillé*", "Attendez 15 minutes", "https://kb.example/a?x=1&y=<2>",
                                         (Choice("1.ks.0", "Résolu"),)))
    text = card["text"]["text"]
    assert text.startswith(f"*Compte *{ZWSP}verrouillé{ZWSP}**") and "<https://kb.example/a?x=1&amp;y=%3C2%3E>" in text
    assert actions["elements"][0]["value"] == "1.ks.0"


def test_recap_fields_come_back_from_the_posted_blocks() -> None:
    recap = RecapCard("Récap", (RecapField("Résumé", "<!here> *export* & co", "1.ep.summary"), RecapField("Pièces", "a.png")),
                      (Choice("1.ok", "Envoyer"), Choice("1.e", "Modifier"), Choice("1.x", "Annuler")),
                      edit_choice_id="1.e")
    blocks = render(recap)
    (field,) = recap_fields(blocks)
    assert (field.edit_id, field.label, field.value) == ("1.ep.summary", "Résumé", "<!here> *export* & co")
    edit = [e for b in blocks if b["type"] == "actions" for e in b["elements"]][1]
    assert edit["action_id"] == "sb.form.1" and edit["value"] == "1.e"


def test_answered_removes_buttons_and_says_which() -> None:
    blocks = render(TextReply("Question ?", (Choice("1.a.q:c", "Oui"),)))
    result = answered(blocks, "Oui")
    assert [b["type"] for b in result] == ["section", "context"] and "✔ Oui" in result[-1]["elements"][0]["text"]


def test_cut_adds_an_ellipsis() -> None:
    assert cut("abc", 3) == "abc" and cut("abcdef", 4) == "abc…"


def test_support_command_text() -> None:
    assert command_text("") == "/start"
    assert command_text("statut SUP-000001") == "/statut SUP-000001"
    assert command_text("mon VPN ne marche plus") == "mon VPN ne marche plus"


def test_a_ticket_card_with_many_fields_stays_one_message() -> None:
    fields = tuple(RecapField(f"Champ {n}", "valeur") for n in range(70))
    card = TicketCard("SUP-000001", "Titre", fields, (Choice("T1.claim", "Prendre"),), "new")
    (message,) = chunks(render(card))
    assert message[-1]["type"] == "actions" and "Champ 69: valeur" in message[-2]["text"]["text"]


def test_in_a_turn_of_several_replies_only_the_pressed_replys_buttons_are_retired() -> None:
    replies = [ArticleCard("a1", "Compte verrouillé", "Extrait", None, (Choice("k0", "Résolu"), Choice("n0", "Pas ça"))),
               TextReply("(2/8) Question ?", (Choice("b", "Retour"),))]
    blocks = chunks([block for reply in replies for block in render(reply)])[0]
    article_actions = next(b["block_id"] for b in blocks if b["type"] == "actions")
    result = answered(blocks, "Pas ça", article_actions)
    kinds = [(b["type"], b.get("block_id")) for b in result]
    assert ("context", "sb.done") in kinds and kinds.index(("context", "sb.done")) == 1, "the line takes their place"
    buttons = [e["value"] for b in result if b["type"] == "actions" for e in b["elements"]]
    assert buttons == ["b"], "the question's buttons stay"
