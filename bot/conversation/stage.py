"""Where a conversation stands. Active stages wait for the user; the others are outcomes."""

from __future__ import annotations

import enum


class Stage(str, enum.Enum):
    ASKING = "asking"  # waiting for the answer to ``question_id``
    RECAP = "recap"  # the recap card is shown: submit, edit or cancel
    CHOOSING_EDIT = "choosing_edit"  # which answer to change
    FILED = "filed"  # a ticket was created from it
    SOLVED = "solved"  # an article solved the problem: deflected, no ticket
    CANCELLED = "cancelled"

    @property
    def is_active(self) -> bool:
        return self in ACTIVE_STAGES


ACTIVE_STAGES = frozenset({Stage.ASKING, Stage.RECAP, Stage.CHOOSING_EDIT})
