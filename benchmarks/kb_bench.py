"""Speed and memory of the knowledge-base search on synthetic knowledge bases.

    .venv/bin/python benchmarks/kb_bench.py [--sizes 1000 10000 50000] [--queries 500] [--seed 7]
    .venv/bin/python benchmarks/kb_bench.py --long --sizes 200 --baseline   # long articles

Articles are made of pseudo-words drawn from a Zipf distribution (like real text: few very common
words, a long tail of rare ones) mixed with real English stop words at a realistic rate; each
has a title, a few questions, tags and a body of 8-20 lines. Queries take a few words of a random
article, add chat filler and sometimes a typo, so that they exercise the same paths as real
messages. Each size runs in its own process so that its peak memory is its own.

--long makes a KB of long articles (bodies of 2,000 to 5,000 characters of real English words,
like forum answers or manuals); --baseline runs each size a second time as queries were
answered before (passage vectors neither computed at build nor cached, BLAS threads left to
their default), in the same run. "p95 cpu" is the query's own CPU time: on a shared machine
the wall time also measures the neighbours.
"""

from __future__ import annotations

import argparse
import json
import resource
import subprocess
import sys
import time
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from kb.article import Article
from kb.engine import SearchEngine
from kb.semantic import Meaning
from kb.stopwords import ENGLISH
from kb.threads import single_blas_thread

_SYLLABLES = (
    "ba be bi bo bu ca ce co da de di do fa fe fi ga go ka ke ki la le li lo lu ma me mi mo mu na ne ni no nu "
    "pa pe pi po ra re ri ro ru sa se si so ta te ti to tu va ve vi za zo"
).split()
_VOCABULARY = 40_000
_STOP_SHARE = 0.4  # share of function words in running English text


class Corpus:
    def __init__(self, seed: int, real_words: bool) -> None:
        self.rng = np.random.default_rng(seed)
        # Real English words reach the word vectors (the semantic pass's true cost).
        self.words = self._real_words() if real_words else self._make_words()
        ranks = np.arange(1, _VOCABULARY + 1, dtype=np.float64)
        self.p = ranks**-1.07 / (ranks**-1.07).sum()
        self.stops = sorted(ENGLISH)
        self._zipf = np.zeros(0, dtype=np.int64)
        self._next = 0

    def _real_words(self) -> list[str]:
        with np.load(Path(__file__).resolve().parents[1] / "kb" / "vectors" / "en.npz") as data:
            words = [w for w in str(data["words"]).split("\n") if w not in ENGLISH]
        self.rng.shuffle(words)
        return (words * (_VOCABULARY // len(words) + 1))[:_VOCABULARY]

    def _make_words(self) -> list[str]:
        seen: set[str] = set()
        words: list[str] = []
        while len(words) < _VOCABULARY:
            size = int(self.rng.integers(2, 5))
            word = "".join(self.rng.choice(_SYLLABLES, size=size)) + str(self.rng.choice(["", "r", "s", "n", "t"]))
            if word not in seen:
                seen.add(word)
                words.append(word)
        return words

    def sentence(self, length: int, topic: np.ndarray) -> str:
        kind = self.rng.random(length)
        stops = self.rng.integers(len(self.stops), size=length)
        topical = self.rng.choice(topic, size=length)
        # Drawing with p= is costly per call: draw the Zipf words in bulk, consume them here.
        if self._next + length > len(self._zipf):
            self._zipf, self._next = self.rng.choice(_VOCABULARY, size=1_000_000, p=self.p), 0
        common = self._zipf[self._next : self._next + length]
        self._next += length
        out = [
            self.stops[int(stops[k])] if kind[k] < _STOP_SHARE
            else self.words[int(topical[k] if kind[k] < _STOP_SHARE + 0.18 else common[k])]
            for k in range(length)
        ]
        return " ".join(out)

    def article(self, i: int, long: bool = False) -> Article:
        topic = self.rng.integers(200, _VOCABULARY, size=6)  # the words this article is about
        lines = [
            ("- " if self.rng.random() < 0.5 else "") + self.sentence(int(self.rng.integers(8, 20)), topic) + "."
            for _ in range(int(self.rng.integers(8, 20)))
        ]
        if long:
            size = int(self.rng.integers(2000, 5001))  # characters of body
            while sum(map(len, lines)) < size:
                lines.append(self.sentence(int(self.rng.integers(8, 25)), topic) + ".")
            body = "\n".join(lines)[:size]
        else:
            body = "\n".join(lines)
        return Article(
            id=f"a{i}",
            title=self.sentence(int(self.rng.integers(4, 9)), topic),
            lang="en",
            body=body,
            tags=tuple(self.words[int(t)] for t in topic[:3]),
            questions=tuple(self.sentence(int(self.rng.integers(5, 10)), topic) for _ in range(int(self.rng.integers(0, 5)))),
        )

    def query(self, article: Article) -> str:
        words = [w.strip(".-") for w in (article.title + " " + article.body).split()]
        words = [w for w in words if w and w not in ENGLISH]
        picked = [words[int(j)] for j in self.rng.integers(len(words), size=int(self.rng.integers(2, 6)))]
        if self.rng.random() < 0.3:
            w = picked[0]
            k = int(self.rng.integers(len(w)))
            picked[0] = w[:k] + w[k + 1 :]  # a dropped letter
        return "hello, " + " the ".join(picked) + " please?"


def run_size(
    size: int, queries: int, seed: int, real_words: bool, lexical: bool, long: bool = False, baseline: bool = False
) -> dict[str, float]:
    if baseline:  # as before: every query embeds its candidates' passages, BLAS on every core
        import kb.article_vectors

        kb.article_vectors.PRECOMPUTED_PASSAGES = kb.article_vectors.CACHED_PASSAGES = 0  # read at build
    else:
        single_blas_thread()  # as the bot does (kb.threads)
    corpus = Corpus(seed, real_words or long)
    articles = [corpus.article(i, long) for i in range(size)]
    meaning = None if lexical else Meaning.load()  # loaded once per process, like the bot
    started = time.perf_counter()
    engine = SearchEngine.build(articles, meaning)
    build_s = time.perf_counter() - started
    texts = [corpus.query(articles[int(i)]) for i in corpus.rng.integers(size, size=queries)]
    for text in texts[:20]:  # warm caches the way a running bot has them
        engine.search(text)
    latencies, cpu = [], []
    for text in texts:
        started, started_cpu = time.perf_counter(), time.thread_time()
        engine.search(text, min_confidence=0.0)
        latencies.append((time.perf_counter() - started) * 1000)
        # CPU time too: on a shared machine, wall time also measures the neighbours.
        cpu.append((time.thread_time() - started_cpu) * 1000)
    return {
        "articles": size,
        "words": sum(len(a.body.split()) for a in articles) / size,
        "chars": sum(len(a.body) for a in articles) / size,
        "build_s": build_s,
        "p50_ms": float(np.percentile(latencies, 50)),
        "p95_ms": float(np.percentile(latencies, 95)),
        "p95_cpu_ms": float(np.percentile(cpu, 95)),
        "peak_rss_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024,
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--sizes", type=int, nargs="+", default=[1000, 10000, 50000])
    parser.add_argument("--queries", type=int, default=500)
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--real-words", action="store_true", help="English words from the vector table")
    parser.add_argument("--lexical", action="store_true", help="without word and subword vectors")
    parser.add_argument("--long", action="store_true", help="articles of 2,000 to 5,000 characters")
    parser.add_argument("--baseline", action="store_true", help="also run without passage vectors kept")
    parser.add_argument("--one", action="store_true", help=argparse.SUPPRESS)  # child process mode
    parser.add_argument("--as-baseline", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.one:
        print(json.dumps(run_size(args.sizes[0], args.queries, args.seed, args.real_words, args.lexical, args.long,
                                  args.as_baseline)))
        return
    print(f"{'engine':>8} {'articles':>8} {'chars/art':>9} {'build s':>8} {'p50 ms':>7} {'p95 ms':>7} "
          f"{'p95 cpu':>7} {'peak MB':>8}")
    for size in args.sizes:
        for baseline in [False, True] if args.baseline else [False]:
            out = subprocess.run(
                [sys.executable, __file__, "--one", "--sizes", str(size), "--queries", str(args.queries),
                 "--seed", str(args.seed)]
                + ["--real-words"] * args.real_words + ["--lexical"] * args.lexical + ["--long"] * args.long
                + ["--as-baseline"] * baseline,
                check=True, stdout=subprocess.PIPE, text=True,
            ).stdout
            r = json.loads(out)
            engine = "baseline" if baseline else "current"
            print(f"{engine:>8} {r['articles']:>8} {r['chars']:>9.0f} {r['build_s']:>8.2f} "
                  f"{r['p50_ms']:>7.2f} {r['p95_ms']:>7.2f} {r['p95_cpu_ms']:>7.2f} {r['peak_rss_mb']:>8.0f}")


if __name__ == "__main__":
    main()
