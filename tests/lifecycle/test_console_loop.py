"""Issue 4's demonstration as a user runs it: `supportbot chat` and `supportbot agent` take turns
on one database, from filing to the satisfaction answer; `tickets show` lists every step."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path


def test_two_consoles_play_a_whole_ticket(tmp_path: Path) -> None:
    (tmp_path / "kb").mkdir()  # no suggestions: the script below answers the questions only
    env = {**os.environ, "PYTHONPATH": os.getcwd(), "SUPPORTBOT_DATABASE_URL": f"sqlite:///{tmp_path / 'bot.db'}",
           "SUPPORTBOT_KB_DIR": str(tmp_path / "kb")}

    def run(*args: str, lines: list[str]) -> str:
        done = subprocess.run([sys.executable, "-m", "adapters.cli.main", *args], input="\n".join(lines) + "\n",
                              capture_output=True, text=True, env=env, timeout=120, check=False)
        assert done.returncode == 0, done.stderr
        return done.stdout

    run("chat", "--user", "claire", lines=[
        "L'export des factures en PDF échoue depuis la mise à jour", "Erreur 500", "Depuis une mise à jour",
        "3 personnes", "Un PDF", "Une page blanche", "Rien pour l'instant", "Je ne peux pas faire ma tâche",
        "Envoyer la demande",
    ])
    agent = run("agent", lines=["claim SUP-000001", "ask SUP-000001 Quel navigateur utilisez-vous ?"])
    assert "SUP-000001 · L'export des factures" in agent  # the card arrived in the agents' console
    answered = run("chat", "--user", "claire", lines=["Firefox 128 sous Windows 11"])
    assert "Quel navigateur utilisez-vous ?" in answered and "Message ajouté à votre demande SUP-000001" in answered
    agent = run("agent", lines=["note SUP-000001 bug connu côté éditeur", "resolve SUP-000001 Correctif appliqué"])
    assert "Firefox 128 sous Windows 11" in agent  # the requester's answer, shown to the agents
    closing = run("chat", "--user", "claire", lines=["Oui, c'est réglé", "★★★★★", "Très rapide, merci !"])
    assert "bug connu" not in closing  # internal notes never reach the requester
    assert "Merci pour votre note (5/5)" in closing and "commentaire est transmis" in closing

    shown = json.loads(run("tickets", "show", "SUP-000001", "--json", lines=[]))
    steps = [(e["kind"], e["from"], e["to"]) for e in shown["history"]]
    assert steps == [
        ("created", None, "new"), ("assigned", None, None), ("status", "new", "in_progress"),
        ("status", "in_progress", "waiting_customer"), ("requester_message", None, None),
        ("status", "waiting_customer", "in_progress"), ("note", None, None), ("status", "in_progress", "resolved"),
        ("status", "resolved", "closed"), ("satisfaction", None, None), ("satisfaction", None, None),
    ]
    assert all(shown["sla"][m]["due"] for m in ("ack", "first_qualification", "final_qualification"))
    assert shown["satisfaction"] == {"score": 5, "comment": "Très rapide, merci !"}
    text = run("tickets", "show", "SUP-000001", lines=[])
    assert "Acknowledge by:" in text and "resolved -> closed" in text
