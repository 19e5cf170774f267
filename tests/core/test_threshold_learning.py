"""The per-deployment threshold: how far requesters' verdicts move it, and no further."""

from __future__ import annotations

from bot.suggestions.threshold import BOUNDS, learn


def test_no_verdict_keeps_the_configured_threshold() -> None:
    learned = learn(0.5, [])
    assert learned.threshold == 0.5 and "no verdict yet" in learned.explain()


def test_a_few_verdicts_barely_move_it() -> None:
    assert 0.5 < learn(0.5, [(0.7, 0.0)] * 3).threshold < 0.53


def test_articles_rejected_more_than_predicted_raise_it_within_bounds() -> None:
    learned = learn(0.5, [(0.7, 0.0)] * 40 + [(0.9, 1.0)] * 10)
    assert 0.55 < learned.threshold <= 0.5 + BOUNDS[1]
    assert learn(0.5, [(0.9, 0.0)] * 5000).threshold == 0.5 + BOUNDS[1]


def test_articles_solving_more_than_predicted_lower_it_within_bounds() -> None:
    learned = learn(0.5, [(0.55, 1.0)] * 60)
    assert 0.5 + BOUNDS[0] <= learned.threshold < 0.47
    assert learn(0.5, [(0.55, 1.0)] * 5000).threshold == 0.5 + BOUNDS[0]
    expected = f"{learned.threshold:.2f} (configured 0.50; learned from 60 verdicts: 100% useful"
    assert learned.explain().startswith(expected)


def test_partly_useful_verdicts_count_half() -> None:
    assert learn(0.5, [(0.5, 0.5)] * 200).threshold == 0.5
