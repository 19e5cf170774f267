"""Ticket search (a folded LIKE over ``tickets.search_text``) at scale, beside a baseline measured in
the same run: listing the newest tickets of a status (an indexed column).

    .venv/bin/python benchmarks/ticket_search_bench.py [--tickets 10000 50000] [--postgres URL]

Prints, per database and size: p50/p95 of a two-word search (a requester's own tickets and every
ticket) and of the baseline listing.
"""

from __future__ import annotations

import argparse
import random
import statistics
import tempfile
import time
import uuid
from datetime import UTC, datetime
from pathlib import Path

from sqlalchemy import create_engine, insert, text
from sqlalchemy.engine import make_url
from sqlalchemy.orm import Session

from bot.messages import Platform
from bot.storage.database import make_engine
from bot.storage.migrate import upgrade
from bot.storage.models import ConversationRow, TicketRow
from bot.tickets.repository import TicketRepository
from bot.tickets.status import TicketStatus
from bot.triage.search import parse_ticket_query, search_text

WORDS = ("facture export pdf planning salle imprimante compte mot passe bulletin paie connexion serveur fichier "
         "application mobile lenteur erreur page blanche module utilisateur droit accès version mise jour").split()
QUERIES = ["export pdf", "bulletin paie", "mot passe", "serveur fichier", "page blanche"]


def fill(engine_url: str, count: int) -> None:
    engine = make_engine(engine_url)
    upgrade(engine)
    now = datetime.now(UTC)
    rng = random.Random(7)
    with engine.begin() as connection:
        for start in range(0, count, 5000):
            ids = range(start + 1, min(start + 5000, count) + 1)
            connection.execute(insert(ConversationRow), [
                {"id": i, "platform": Platform.CONSOLE, "channel": f"u{i % 500}", "thread": "", "user_id": f"u{i % 500}",
                 "display_name": "", "lang": "fr", "stage": "filed", "answers": {}, "history": [], "shown_articles": [],
                 "rejected_articles": [], "attachments": [], "editing": False, "created_at": now, "updated_at": now}
                for i in ids])
            rows = []
            for i in ids:
                summary = " ".join(rng.choice(WORDS) for _ in range(8))
                rows.append({
                    "id": i, "reference": f"SUP-{i:06d}", "conversation_id": i, "requester_platform": Platform.CONSOLE,
                    "requester_id": f"u{i % 500}", "requester_name": f"Personne {i % 500}", "requester_channel": f"u{i % 500}",
                    "requester_thread": "", "lang": "fr", "priority": "minor",
                    "status": rng.choice([TicketStatus.NEW, TicketStatus.IN_PROGRESS, TicketStatus.CLOSED]),
                    "summary": summary, "answers": {}, "description": summary * 3, "tried_articles": [], "attachments": [],
                    "created_at": now, "updated_at": now,
                    "search_text": search_text([f"SUP-{i:06d}", summary, summary * 3, f"Personne {i % 500}"]),
                })
            connection.execute(insert(TicketRow), rows)
    engine.dispose()


def timed(run: object, repeat: int = 40) -> tuple[float, float]:
    samples = []
    for _ in range(repeat):
        started = time.perf_counter()
        run()  # type: ignore[operator]
        samples.append((time.perf_counter() - started) * 1000)
    samples.sort()
    return statistics.median(samples), samples[int(len(samples) * 0.95) - 1]


def measure(url: str, count: int, label: str) -> None:
    fill(url, count)
    engine = make_engine(url)
    with Session(engine) as session:
        repository = TicketRepository(session)
        queries = iter(QUERIES * 100)
        everyone = timed(lambda: repository.search(parse_ticket_query(next(queries)), 20))
        own = timed(lambda: repository.search(parse_ticket_query(next(queries)), 20, requester=(Platform.CONSOLE, "u42")))
        baseline = timed(lambda: repository.listing(TicketStatus.NEW, 20))
    engine.dispose()
    print(f"{label:<10} {count:>7}  search all p50 {everyone[0]:6.1f} ms p95 {everyone[1]:6.1f} ms | "
          f"own p50 {own[0]:6.1f} ms p95 {own[1]:6.1f} ms | baseline listing p50 {baseline[0]:5.1f} ms p95 {baseline[1]:5.1f} ms")


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--tickets", type=int, nargs="+", default=[10_000, 50_000])
    parser.add_argument("--postgres", default=None, help="a PostgreSQL URL: a schema of its own is created and dropped")
    args = parser.parse_args()
    for count in args.tickets:
        with tempfile.TemporaryDirectory() as folder:
            measure(f"sqlite:///{Path(folder) / 'bench.db'}", count, "sqlite")
        if args.postgres:
            schema = f"bench_{uuid.uuid4().hex[:8]}"
            admin = create_engine(args.postgres)
            with admin.begin() as connection:
                connection.execute(text(f'CREATE SCHEMA "{schema}"'))
            try:
                url = make_url(args.postgres).update_query_dict({"options": f"-csearch_path={schema}"})
                measure(url.render_as_string(hide_password=False), count, "postgresql")
            finally:
                with admin.begin() as connection:
                    connection.execute(text(f'DROP SCHEMA "{schema}" CASCADE'))
                admin.dispose()


if __name__ == "__main__":
    main()
