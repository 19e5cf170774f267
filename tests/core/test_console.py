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
