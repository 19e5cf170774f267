"""The knowledge base's memory, each figure in a fresh process: resident size grown by loading the
models of meaning (kb.semantic.Meaning), then by building the index of the starter KB and of a
synthetic KB of 1,000 articles (benchmarks/kb_bench.py's corpus, real English words).

    python -m benchmarks.footprint.kb_memory      # the table
"""

from __future__ import annotations

import gc
import json
import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
PARTS = {
    "models": "the models of meaning (Meaning.load)",
    "starter": "+ the starter KB's index (56 articles)",
    "synthetic": "+ the index of 1,000 synthetic articles",
}


def _rss() -> tuple[float, float, float]:
    figures = {}
    for line in Path("/proc/self/status").read_text().splitlines():
        key, _, value = line.partition(":")
        if key in ("VmRSS", "RssAnon", "RssFile"):
            figures[key] = int(value.split()[0]) / 1024
    return figures["VmRSS"], figures["RssAnon"], figures["RssFile"]


def one(part: str) -> dict[str, float]:
    """Resident growth of ``part`` over what it needs loaded first."""
    import numpy  # noqa: F401

    from kb.engine import SearchEngine
    from kb.loader import load_folder
    from kb.semantic import Meaning

    before = _rss()
    meaning = Meaning.load()
    if part != "models":
        if part == "starter":
            articles = load_folder(ROOT / "kb" / "articles").articles
        else:
            sys.path.insert(0, str(ROOT / "benchmarks"))
            from kb_bench import Corpus

            corpus = Corpus(7, real_words=True)
            articles = tuple(corpus.article(i) for i in range(1000))
            del corpus
        gc.collect()
        before = _rss()
        engine = SearchEngine.build(articles, meaning)
        engine.search("the first search warms what searches keep")
    gc.collect()
    after = _rss()
    return {"rss": after[0] - before[0], "anon": after[1] - before[1], "file": after[2] - before[2], "total": after[0]}


def report(before: Path | None = None) -> str:
    """``before``: also each part as the source tree in that folder loads it (same libraries)."""
    lines = [f"{'':<52} {'RSS MB':>7} {'(anon':>6} {'file)':>6} {'process total':>13}"]
    for part, label in PARTS.items():
        for source, tag in [(ROOT, ""), *([(before, "  before: ")] if before else [])]:
            env = {**os.environ, "PYTHONPATH": f"{source}{os.pathsep}{ROOT}"}
            out = subprocess.run([sys.executable, "-m", "benchmarks.footprint.kb_memory", part], cwd=source, check=True,
                                 stdout=subprocess.PIPE, text=True, env=env).stdout
            r = json.loads(out.splitlines()[-1])
            lines.append(f"{tag + label:<52} {r['rss']:>7.1f} {r['anon']:>6.1f} {r['file']:>6.1f} {r['total']:>13.0f}")
    return "\n".join(lines)


if __name__ == "__main__":
    if len(sys.argv) > 1:
        print(json.dumps(one(sys.argv[1])))
    else:
        print(report())
