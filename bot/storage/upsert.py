"""Insert a row unless a unique key already holds one: one statement, race-free on both databases.

``INSERT ... ON CONFLICT DO NOTHING RETURNING id``. On PostgreSQL a second transaction
inserting the same key waits for the first to commit (or roll back) and then inserts
nothing, instead of raising a unique violation; under READ COMMITTED its next statement
sees the winner's row. SQLite serialises writers (``BEGIN IMMEDIATE``), so it never waits.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from sqlalchemy import ColumnElement, TextClause
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.orm import InstrumentedAttribute, Session

from bot.storage.base import Base


def insert_unless_taken(
    session: Session,
    model: type[Base],
    values: Mapping[str, Any],
    key: Sequence[InstrumentedAttribute[Any]],
    key_where: ColumnElement[bool] | TextClause | None = None,
) -> int | None:
    """Insert ``values`` into ``model``'s table; the new row's id, or ``None`` if ``key`` was taken.

    ``key`` names the columns of a unique index (``key_where``: its predicate, for a partial one).
    """
    dialect = session.get_bind().dialect.name
    if dialect == "postgresql":
        statement = postgresql.insert(model).values(**values)
    elif dialect == "sqlite":
        statement = sqlite.insert(model).values(**values)  # type: ignore[assignment]
    else:
        raise RuntimeError(f"race-free inserts need INSERT ... ON CONFLICT: use PostgreSQL or SQLite, not {dialect!r}")
    session.flush()  # the ORM's pending rows first: the statement must see them
    guarded = statement.on_conflict_do_nothing(index_elements=list(key), index_where=key_where)
    inserted = session.execute(guarded.returning(model.__table__.c.id)).scalar_one_or_none()
    return None if inserted is None else int(inserted)
