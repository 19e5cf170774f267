"""What became of a suggested article."""

from __future__ import annotations

import enum


class SuggestionOutcome(str, enum.Enum):
    SHOWN = "shown"  # no verdict yet
    SOLVED = "solved"  # "this solved my problem": the conversation was deflected
    REJECTED = "rejected"  # "not this", "none of these", or "it did not work after all"


class RejectionReason(str, enum.Enum):
    NOT_RELATED = "unrelated"
    DID_NOT_ANSWER = "partial"  # related, but did not answer the question
    NONE_FIT = "none_fit"  # "none of these, continue"
    DID_NOT_WORK = "did_not_work"  # marked solved, then "it did not work after all"
