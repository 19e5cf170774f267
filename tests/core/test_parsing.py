"""Each question kind parses typed answers, and says what it expects when it cannot."""

from __future__ import annotations

import pytest

from bot.i18n import Language
from bot.intake.loader import default_script
from bot.intake.parsing import AnswerProblem, parse_answer
from bot.intake.questions import Answer

SCRIPT = default_script()


@pytest.mark.parametrize(
    ("question_id", "typed", "expected"),
    [
        ("summary", "L'export PDF plante", Answer("L'export PDF plante")),
        ("summary", "ok", "answer.too_short"),
        ("summary", "!!!!!!!!!!!", "answer.too_short"),
        ("error_message", "Erreur 500 : Internal Server Error", Answer("Erreur 500 : Internal Server Error")),
        ("error_message", "aucun", Answer("Il n'y a pas de message d'erreur", choice="none")),
        ("error_message", "No error", Answer("Il n'y a pas de message d'erreur", choice="none")),
        ("since", "depuis la mise à jour de lundi", Answer("depuis la mise à jour de lundi")),
        ("since", "Depuis aujourd'hui", Answer("Depuis aujourd'hui", choice="today")),
        ("since", "never", Answer("Cela n'a jamais fonctionné", choice="never_worked")),
        ("users_affected", "12 personnes", Answer("12 personnes", number=12)),
        ("users_affected", "2", Answer("2", number=2)),
        ("users_affected", "tout le monde", Answer("Tout le monde", choice="everyone")),
        ("users_affected", "Only me", Answer("Moi seulement", choice="only_me")),
        ("users_affected", "beaucoup", "answer.count_expected"),
        ("users_affected", "0", "answer.count_expected"),
        ("impact", "workaround", Answer("Gênant, mais je peux contourner", choice="workaround")),
        ("impact", "c'est grave", "answer.pick_one"),
        ("tried", "rien", Answer("Rien pour l'instant", choice="nothing")),
        ("tried", "redémarré le poste", Answer("redémarré le poste")),
    ],
)
def test_typed_answers(question_id: str, typed: str, expected: Answer | str) -> None:
    question = SCRIPT.get(question_id)
    assert question is not None
    result = parse_answer(question, typed, Language.FR)
    if isinstance(expected, str):
        assert isinstance(result, AnswerProblem) and result.key == expected
    else:
        assert result == expected


def test_a_pressed_choice_wins_over_text_and_unknown_choices_are_refused() -> None:
    impact = SCRIPT.get("impact")
    assert impact is not None
    assert parse_answer(impact, "", Language.EN, chosen="software_down") == Answer(
        "I cannot use the software at all", choice="software_down"
    )
    problem = parse_answer(impact, "", Language.EN, chosen="forged")
    assert isinstance(problem, AnswerProblem) and problem.key == "answer.unknown_choice"
    assert "I cannot do my task" in str(problem.params["options"])


def test_impact_choices_map_to_priorities() -> None:
    impact = SCRIPT.get("impact")
    assert impact is not None and impact.sets_priority
    assert {c.id: c.priority.value for c in impact.choices if c.priority} == {
        "question": "low", "workaround": "minor", "task_blocked": "major", "software_down": "blocking",
    }


def test_the_cores_fold_lowers_what_decomposing_uncovers() -> None:
    from bot.text import fold

    assert fold("Excel™ ＰＤＦ") == "exceltm pdf"
