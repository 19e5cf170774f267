"""What one ``supportbot run`` process does, so that several can share one PostgreSQL.

    ingress  receives (Slack HTTP mode or Socket Mode, Telegram webhook or polling), stores each
             event in the inbox, and runs its turn; a turn commits its replies to the outbox
             (and, on PostgreSQL, NOTIFY wakes the workers)
    worker   delivers the outbox through the platforms' couriers, woken by LISTEN/NOTIFY
    sla      the SLA watch (with reminders and auto-close) and the retention job, each behind a
             lease, so that one process at a time does them
    all      the three in one process (the default)

Turns stay with ingress: the event is in memory where it arrived, its lane (one conversation in
order) is local, and handing it to another process would cost a claim and a wake-up per event.
Several ingress processes are safe: a turn takes its inbox row and its conversation under lock,
and each process's sweep takes up what a dead one left.
"""

from __future__ import annotations

import enum


class Role(enum.StrEnum):
    INGRESS = "ingress"
    WORKER = "worker"
    SLA = "sla"
    ALL = "all"

    @property
    def receives(self) -> bool:
        """Receives platform events and runs their turns."""
        return self in {Role.INGRESS, Role.ALL}

    @property
    def delivers(self) -> bool:
        """Delivers the outbox to the platforms."""
        return self in {Role.WORKER, Role.ALL}

    @property
    def watches(self) -> bool:
        """Runs the SLA watch and the retention job."""
        return self in {Role.SLA, Role.ALL}


def refusal_on(role: Role, dialect: str) -> str | None:
    """Why ``role`` cannot run on this database, or None. A split needs one database that several
    processes write at once: SQLite serialises writers per process, and another process's
    commit does not wake this one's worker."""
    if role is Role.ALL or dialect != "sqlite":
        return None
    return (f"--role {role.value} splits the bot over several processes, which needs PostgreSQL "
            "(SUPPORTBOT_DATABASE_URL=postgresql+psycopg://...); on SQLite run one process with --role all")
