"""Reliability diagram: does a confidence of c mean "right c of the time"?

Used by benchmarks/kb_calibrate.py --diagram; needs matplotlib (pip install -e ".[bench]").
"""

from __future__ import annotations

from pathlib import Path

import numpy as np

BINS = 10


def table(points: list[tuple[float, bool]]) -> list[tuple[float, float, float, int]]:
    """Per bin of confidence: (low, mean confidence, share right, count)."""
    rows = []
    for k in range(BINS):
        low, high = k / BINS, (k + 1) / BINS
        inside = [(c, r) for c, r in points if low <= c < high or (k == BINS - 1 and c == 1.0)]
        if inside:
            mean, right = float(np.mean([c for c, _ in inside])), float(np.mean([r for _, r in inside]))
            rows.append((low, mean, right, len(inside)))
    return rows


def draw(points: list[tuple[float, bool]], path: Path, title: str) -> None:
    import matplotlib

    matplotlib.use("Agg")  # no display: write the file only
    import matplotlib.pyplot as plt

    rows = table(points)
    figure, (top, bottom) = plt.subplots(2, 1, figsize=(6, 7), height_ratios=[3, 1], sharex=True)
    top.plot([0, 1], [0, 1], linestyle="--", color="grey", label="perfectly calibrated")
    top.plot([r[1] for r in rows], [r[2] for r in rows], marker="o", label="observed")
    top.set_ylabel("share of messages whose best article was right")
    top.set_title(title, fontsize=9)
    top.legend(loc="upper left")
    bottom.bar([r[0] + 0.05 for r in rows], [r[3] for r in rows], width=0.09)
    bottom.set_yscale("log")
    bottom.set_xlabel("confidence of the best candidate")
    bottom.set_ylabel("messages")
    figure.tight_layout()
    path.parent.mkdir(parents=True, exist_ok=True)
    figure.savefig(path, dpi=110)
    plt.close(figure)
    for low, mean, right, count in rows:
        print(f"  {low:.1f}-{low + 1 / BINS:.1f}: mean confidence {mean:.2f}, right {right:.2f} ({count} messages)")
