"""The console adapter as a user runs it: ``supportbot chat`` with piped input, then the desk commands."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

SCRIPTED_FRENCH_INTAKE = "\n".join([
    "Bonjour",
    "La génération des bulletins de paie tourne en boucle",
    "Erreur : délai d'attente dépassé (timeout 504)",
    "2",  # numbered option: "Depuis une mise à jour"
    "12 personnes",
    "Les bulletins en PDF",
    "Un sablier qui tourne sans fin",
    "Redémarrer le poste et vider le cache",
    "Je ne peux pas faire ma tâche",  # an option typed by its label
    "1",  # Submit
]) + "\n"


def _run(args: list[str], env: dict[str, str], stdin: str = "") -> subprocess.CompletedProcess[str]:
    command = [sys.executable, "-m", "adapters.cli.main", *args]
    return subprocess.run(command, input=stdin, capture_output=True, text=True, env=env, timeout=120, check=False)


def test_a_piped_french_intake_files_a_ticket_with_every_field(tmp_path: Path) -> None:
    # An empty knowledge base: suggestions would add numbered options and shift the numbers typed here.
    (tmp_path / "kb").mkdir()
    env = {**os.environ, "SUPPORTBOT_DATABASE_URL": f"sqlite:///{tmp_path / 'bot.db'}", "PYTHONPATH": os.getcwd(),
           "SUPPORTBOT_KB_DIR": str(tmp_path / "kb")}
    chat = _run(["chat", "--lang", "fr", "--user", "claire"], env, SCRIPTED_FRENCH_INTAKE)
    assert chat.returncode == 0, chat.stderr
    assert "Traceback" not in chat.stderr
    reference = next(w.rstrip(".") for w in chat.stdout.split() if w.startswith("SUP-"))

    shown = _run(["tickets", "show", reference, "--json"], env)
    assert shown.returncode == 0, shown.stderr
    ticket = json.loads(shown.stdout)
    answers = {key: value["text"] for key, value in ticket["answers"].items()}
    assert answers == {
        "summary": "La génération des bulletins de paie tourne en boucle",
        "error_message": "Erreur : délai d'attente dépassé (timeout 504)",
        "since": "Depuis une mise à jour",
        "users_affected": "12 personnes",
        "expected": "Les bulletins en PDF",
        "actual": "Un sablier qui tourne sans fin",
        "tried": "Redémarrer le poste et vider le cache",
        "impact": "Je ne peux pas faire ma tâche",
    }
    assert ticket["priority"] == "major" and ticket["status"] == "new" and ticket["lang"] == "fr"
    assert ticket["requester"]["user_id"] == "claire"

    listed = _run(["tickets", "list", "--json"], env)
    assert [t["reference"] for t in json.loads(listed.stdout)] == [reference]


def test_end_of_input_exits_cleanly_in_the_middle_of_an_intake(tmp_path: Path) -> None:
    env = {**os.environ, "SUPPORTBOT_DATABASE_URL": f"sqlite:///{tmp_path / 'bot.db'}", "PYTHONPATH": os.getcwd()}
    result = _run(["chat"], env, "Mon écran reste noir au démarrage du logiciel\n")
    assert result.returncode == 0, result.stderr
    assert "(2/8)" in result.stdout


def test_run_with_incomplete_platform_settings_says_what_is_missing(tmp_path: Path) -> None:
    env = {**os.environ, "SUPPORTBOT_DATABASE_URL": f"sqlite:///{tmp_path / 'bot.db'}", "PYTHONPATH": os.getcwd(),
           "SUPPORTBOT_SLACK_BOT_TOKEN": "xoxb-only-the-bot-token"}
    result = _run(["run"], env)
    assert result.returncode == 2
    assert "SUPPORTBOT_SLACK_APP_TOKEN" in result.stderr and "Traceback" not in result.stderr


def test_run_without_platforms_opens_the_console_and_says_how_to_connect(tmp_path: Path) -> None:
    env = {**os.environ, "SUPPORTBOT_DATABASE_URL": f"sqlite:///{tmp_path / 'bot.db'}", "PYTHONPATH": os.getcwd()}
    result = _run(["run"], env, "Bonjour\n")
    assert result.returncode == 0, result.stderr
    assert "SUPPORTBOT_SLACK_BOT_TOKEN" in result.stderr and "SUPPORTBOT_TELEGRAM_BOT_TOKEN" in result.stderr
    assert "quel est le problème" in result.stdout


def _intake_until_users(number_line: str) -> str:
    return "\n".join([
        "La génération des bulletins de paie tourne en boucle",
        "Erreur 504",
        "Depuis une mise à jour",
        number_line,  # "Combien d'utilisateurs ? (un nombre ou un choix)": [1] Moi seulement … [4] Retour
        "Les bulletins en PDF", "Un sablier", "Rien pour l'instant", "Je ne peux pas faire ma tâche", "Envoyer la demande",
    ]) + "\n"


def _users_answer(tmp_path: Path, number_line: str) -> dict[str, object]:
    (tmp_path / "kb").mkdir(exist_ok=True)
    env = {**os.environ, "SUPPORTBOT_DATABASE_URL": f"sqlite:///{tmp_path / number_line.strip('#')}.db",
           "PYTHONPATH": os.getcwd(), "SUPPORTBOT_KB_DIR": str(tmp_path / "kb")}
    chat = _run(["chat", "--lang", "fr"], env, _intake_until_users(number_line))
    assert chat.returncode == 0, chat.stderr
    ticket = json.loads(_run(["tickets", "show", "SUP-000001", "--json"], env).stdout)
    answer: dict[str, object] = ticket["answers"]["users_affected"]
    return answer


def test_a_number_typed_to_a_question_that_waits_for_a_number_is_the_answer(tmp_path: Path) -> None:
    four = _users_answer(tmp_path, "4")  # was option [4], "Retour"
    assert (four["text"], four["number"], four["choice"]) == ("4", 4, None)
    three = _users_answer(tmp_path, "3")  # was option [3], "Tout le monde"
    assert (three["text"], three["number"], three["choice"]) == ("3", 3, None)


def test_hash_and_a_number_picks_an_option_even_where_numbers_are_answers(tmp_path: Path) -> None:
    everyone = _users_answer(tmp_path, "#3")
    assert (everyone["text"], everyone["choice"]) == ("Tout le monde", "everyone")


def test_the_screen_numbers_article_buttons_but_a_count_question_keeps_its_numbers() -> None:
    from adapters.console.render import Screen
    from bot.messages import ArticleCard, Choice, TextReply

    card = ArticleCard("vpn", "VPN", "Redémarrez", None, (Choice("7.ks.0", "Cela a résolu mon problème"),
                                                           Choice("7.kn.0", "Pas ça")))
    count = TextReply("(4/8) Combien d'utilisateurs ?", (Choice("7.a.users_affected:only_me", "Moi seulement"),
                                                        Choice("7.b", "Retour")), numeric_answer=True)
    screen = Screen()
    shown = screen.render([card, count])
    assert "[2] Pas ça" in shown and "[4] Retour" in shown
    assert screen.button_for("2") is None  # "2 users", not "Not this"
    assert screen.button_for("#2") == "7.kn.0"
    assert screen.button_for("pas ca") == "7.kn.0"
    screen.render([TextReply("(2/8) Quel est le message d'erreur ?", (Choice("7.s", "Passer"),))])
    assert screen.button_for("1") == "7.s"  # a question that does not wait for a number: numbers are options


def test_a_resolution_asked_before_a_restart_is_answered_after_it(tmp_path: Path) -> None:
    (tmp_path / "kb").mkdir()
    env = {**os.environ, "SUPPORTBOT_DATABASE_URL": f"sqlite:///{tmp_path / 'bot.db'}", "PYTHONPATH": os.getcwd(),
           "SUPPORTBOT_KB_DIR": str(tmp_path / "kb")}
    assert _run(["chat", "--user", "claire"], env, _intake_until_users("12")).returncode == 0
    assert _run(["agent"], env, "resolve SUP-000001\n").returncode == 0
    first = _run(["chat", "--user", "claire"], env, "")  # the question arrives; the terminal closes
    assert "marquée comme résolue" in first.stdout

    again = _run(["chat", "--user", "claire"], env, "1\n")  # a new terminal shows it again: [1] confirms
    assert again.returncode == 0, again.stderr
    assert "[1] Oui, c'est réglé" in again.stdout and "Merci ! Votre demande SUP-000001 est clôturée." in again.stdout
    typed = _run(["chat", "--user", "claire"], env, "★★★★\n")  # the score asked then, typed after another restart
    assert "Merci pour votre note (4/5)" in typed.stdout
    shown = json.loads(_run(["tickets", "show", "SUP-000001", "--json"], env).stdout)
    assert (shown["status"], shown["satisfaction"]["score"]) == ("closed", 4)
