"""Triage played as a new user would in the console: ``supportbot chat`` and ``supportbot agent``
as real processes, with a triage file and an intake that asks the triage questions."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

from tests.triage.support import INTAKE, TRIAGE

BILLING_INTAKE = "\n".join([
    "Les factures de novembre ne partent plus",
    "Bug", "Facturation", "3.2.1",  # the only module of Facturation is chosen by itself
    "Erreur 500 à l'envoi", "Je ne peux pas faire ma tâche", "Haute", "Envoyer la demande",
]) + "\n"


def _run(args: list[str], env: dict[str, str], stdin: str = "") -> subprocess.CompletedProcess[str]:
    command = [sys.executable, "-m", "adapters.cli.main", *args]
    done = subprocess.run(command, input=stdin, capture_output=True, text=True, env=env, timeout=120, check=False)
    assert done.returncode == 0 and "Traceback" not in done.stderr, done.stderr
    return done


def test_a_billing_ticket_is_filed_routed_requalified_and_found_in_the_console(tmp_path: Path) -> None:
    (tmp_path / "kb").mkdir()  # no articles: suggestions would come between the questions
    (tmp_path / "triage.toml").write_text(TRIAGE, "utf-8")
    (tmp_path / "intake.toml").write_text(INTAKE, "utf-8")
    env = {**os.environ, "PYTHONPATH": os.getcwd(), "SUPPORTBOT_DATABASE_URL": f"sqlite:///{tmp_path / 'bot.db'}",
           "SUPPORTBOT_KB_DIR": str(tmp_path / "kb"), "SUPPORTBOT_TRIAGE_FILE": str(tmp_path / "triage.toml"),
           "SUPPORTBOT_INTAKE_QUESTIONS_FILE": str(tmp_path / "intake.toml"), "SUPPORTBOT_AGENTS": "console:agent"}

    chat = _run(["chat", "--lang", "fr", "--user", "claire", "--name", "Claire Martin"], env, BILLING_INTAKE)
    assert "Rappel: Une demande = un ticket." in chat.stdout and "SUP-000001" in chat.stdout

    support = _run(["agent", "--user", "agent"], env, "list\n")
    assert support.stdout.rstrip().endswith("> list\nAucune demande ouverte.")  # a billing ticket is not the default queue's
    billing = _run(["agent", "--user", "bea", "--name", "Béa", "--queue", "billing"], env,
                   "list\nrequalify SUP-000001 priority bloquante\nclose SUP-000001\n")
    assert "File : Facturation." in billing.stdout
    assert "Demandes ouvertes (1) :\n• SUP-000001" in billing.stdout
    assert "requalifiée par Béa (Priorité: majeure (tâche impossible) → bloquante (logiciel inutilisable))" in billing.stdout

    shown = json.loads(_run(["tickets", "show", "SUP-000001", "--json"], env).stdout)
    assert {k: shown[k] for k in ("type", "product", "module", "version", "requester_urgency", "queue", "priority")} == {
        "type": "bug", "product": "billing", "module": "invoices", "version": "3.2.1", "requester_urgency": "high",
        "queue": "billing", "priority": "blocking"}
    assert [e["kind"] for e in shown["history"]][-2:] == ["requalified", "status"]

    again = _run(["chat", "--lang", "fr", "--user", "claire"], env, "Merci beaucoup !\n/chercher factures\n")
    assert "La priorité de votre demande SUP-000001 est maintenant : bloquante" in again.stdout  # delivered while away
    assert "Avec plaisir ! Pour un nouveau problème, décrivez-le-moi en une phrase." in again.stdout
    assert "• SUP-000001 — Clôturée — Les factures de novembre ne partent plus" in again.stdout
    assert json.loads(_run(["tickets", "show", "SUP-000001", "--json"], env).stdout)["status"] == "closed"
