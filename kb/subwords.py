"""Subword embeddings: a meaning for any word, rare, misspelt or unseen, from its pieces.

The model is WordLlama's `l2_supercat` (MIT, shipped inside the `wordllama` wheel, no download):
token embeddings of large language models, concatenated, projected to 256 dimensions and trained
on English paraphrase and entailment pairs, so that the mean of a sentence's token vectors is a
sentence embedding. Its tokenizer splits a word into pieces; a word's vector is the sum of its
pieces' vectors, so a text is the sum of its words' and search can reuse the index's words.

Text reaches it folded (lower case, no accents), as the index keeps it: on banking77-dev this
costs 0.005 R@3 against the raw text, and buys one tokenisation for both signals.

The table (32,000 pieces x 256, float16) stays in the wheel's own safetensors file: the rows of the
pieces met are read from it when needed (kb.safetensors), so it lives once in the kernel's page
cache for every bot process on the machine and in none's resident memory (WordLlama's loader made
a 32 MB float32 copy; a memory map made 15 MB of it resident in each process). A word's vector is
the float32 sum of its pieces' rows, as the copy gave. The tokenizer is read from the wheel's
tokenizer file by kb.bpe (the same pieces as the `tokenizers` library, in 1 MB instead of 16);
`wordllama` itself is never imported. A message's words are split into pieces once: the pieces
of the last words seen are kept (a turn asks for the same words several times, and an intake's
answers repeat its summary's).
"""

from __future__ import annotations

import importlib.util
import logging
from collections.abc import Sequence
from dataclasses import dataclass, field
from itertools import chain
from pathlib import Path

import numpy as np
import numpy.typing as npt

from kb.bpe import WordPieces
from kb.rows import summed_rows
from kb.safetensors import TensorRows

log = logging.getLogger(__name__)

FloatArray = npt.NDArray[np.float32]

MODEL = "l2_supercat"
DIMS = 256
TENSOR = "embedding.weight"
_KEPT_WORDS = 10_000  # a message's words whose pieces are kept (~1.5 MB); the list starts again when full
_A_MESSAGE = 64  # words: more are a knowledge base's vocabulary, split once and not kept


@dataclass(frozen=True, eq=False)
class SubwordVectors:
    tokenizer: WordPieces
    embedding: TensorRows  # token id -> vector, read from the file when needed
    dims: int
    _pieces: dict[str, tuple[int, ...]] = field(default_factory=dict, repr=False)  # a message's words, split

    @classmethod
    def load(cls) -> SubwordVectors | None:
        """The model packaged with `wordllama`; None (logged) when it cannot be loaded."""
        spec = importlib.util.find_spec("wordllama")  # finds the package without importing it
        if spec is None or not spec.submodule_search_locations:
            log.warning("wordllama is not installed: search matches meaning with word vectors only")
            return None
        package = Path(next(iter(spec.submodule_search_locations)))
        weights = package / "weights" / f"{MODEL}_{DIMS}.safetensors"
        try:
            tokenizer = WordPieces.load(package / "tokenizers" / f"{MODEL}_tokenizer_config.json")
            embedding = TensorRows.of(weights, TENSOR)
        except (OSError, ValueError, KeyError, TypeError) as error:
            log.warning("could not load WordLlama %s from %s (%s): word vectors only", MODEL, package, error)
            return None
        return cls(tokenizer, embedding, embedding.shape[1])

    def __bool__(self) -> bool:
        return True

    def word_vectors(self, words: list[str], lang: str) -> FloatArray:
        """Each word's vector: the sum of its pieces' (any language: the pieces are shared)."""
        if not words:
            return np.zeros((0, self.dims), dtype=np.float32)
        if len(words) <= _A_MESSAGE:
            pieces: Sequence[Sequence[int]] = [self._pieces_of(word) for word in words]
        else:
            pieces = self.tokenizer.encode_many(words)
        lengths = np.fromiter(map(len, pieces), dtype=np.int64, count=len(pieces))
        flat = np.fromiter(chain.from_iterable(pieces), dtype=np.int64, count=int(lengths.sum()))
        if not len(flat):
            return np.zeros((len(words), self.dims), dtype=np.float32)
        # Only the rows of the pieces met are read from the file, into a small float32 table; then
        # every word's pieces are summed in one pass.
        met, which = np.unique(flat, return_inverse=True)
        return summed_rows(self.embedding.read(met).astype(np.float32), which, np.concatenate(([0], np.cumsum(lengths))))

    def _pieces_of(self, word: str) -> tuple[int, ...]:
        pieces = self._pieces.get(word)
        if pieces is None:
            pieces = tuple(self.tokenizer.encode(word))
            if len(self._pieces) >= _KEPT_WORDS:
                self._pieces.clear()
            self._pieces[word] = pieces
        return pieces

    def embed(self, words: list[str], lang: str | None) -> FloatArray:
        if not words:
            return np.zeros(self.dims, dtype=np.float32)
        total: FloatArray = self.word_vectors(words, lang or "en").sum(axis=0)
        return total
