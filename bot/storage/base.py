"""The declarative base every model shares, and the column type that stores an enum as text.

A module of its own so that model modules import it, never each other: the package
:mod:`bot.storage.models` imports every model, so ``Base.metadata`` is complete once it is imported.
"""

from __future__ import annotations

import enum
from datetime import datetime
from typing import Any, ClassVar

from sqlalchemy import JSON, Enum
from sqlalchemy.orm import DeclarativeBase

from bot.storage.types import UTCDateTime


class Base(DeclarativeBase):
    type_annotation_map: ClassVar[dict[Any, Any]] = {datetime: UTCDateTime, dict[str, Any]: JSON, list[Any]: JSON}


def enum_column(enum_class: type[enum.Enum], length: int) -> Enum:
    """A plain VARCHAR holding the enum's value: no database enum type to migrate when one grows,
    and rows written before a column was typed read back unchanged."""
    return Enum(
        enum_class,
        native_enum=False,
        create_constraint=False,
        length=length,
        values_callable=lambda members: [member.value for member in members],
        validate_strings=True,
    )
