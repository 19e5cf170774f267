"""WordLlama's tokenizer (LLaMA's byte-pair encoding) for single words, in a few arrays.

What ``tokenizers.Tokenizer.from_file(...).encode(word, add_special_tokens=False).ids`` gives for
a word, from the same file: the word gets LLaMA's "▁" in front and for each space (the
tokenizer's normaliser), each character becomes its token (one token per UTF-8 byte, ``<0xE9>``, for a
character the vocabulary lacks: byte fallback), then the pair of neighbours with the best (lowest)
merge rank is merged, the leftmost first, until no neighbours merge. The Rust tokenizer holds its
vocabulary and merges in hash maps of strings (10 MB of a bot, and the library's 6 MB of code);
here the 61,249 merges are three arrays (1 MB) and a word's merges are found by binary search.
``tests/kb/test_bpe.py`` checks every word of the word tables and random ones against the
library. The library's added tokens (``<s>``, ``</s>``, ``<unk>`` written out in a text) are not
looked for: the knowledge base's words are letters and digits (kb.text.WORD_CHARACTERS).
"""

from __future__ import annotations

import json
from array import array
from bisect import bisect_left
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import numpy.typing as npt

PREFIX = "\u2581"  # "▁": LLaMA's mark of a word's start
_NONE = 1 << 62  # the rank of neighbours that do not merge


@dataclass(frozen=True, eq=False)
class WordPieces:
    symbols: dict[str, int]  # single characters and byte tokens ("<0xE9>") -> token id
    pairs: array[int]  # sorted: left token id * n_tokens + right token id, of every merge
    ranks: array[int]  # per pair, its merge's rank (its line in the file)
    merged: array[int]  # per pair, the token the merge makes
    n_tokens: int

    @classmethod
    def load(cls, path: Path) -> WordPieces:
        """From a ``tokenizer.json`` of a BPE model; ValueError for anything else."""
        config = json.loads(path.read_text(encoding="utf-8"))
        model = config.get("model", {})
        if model.get("type") != "BPE" or not model.get("byte_fallback") or model.get("continuing_subword_prefix"):
            raise ValueError(f"{path}: not a byte-fallback BPE model as LLaMA's")
        vocab: dict[str, int] = model["vocab"]
        n_tokens = max(vocab.values()) + 1
        merges = [merge.split(" ") if isinstance(merge, str) else merge for merge in model["merges"]]
        token = vocab.get
        left = np.fromiter((token(a, -1) for a, _ in merges), dtype=np.int64, count=len(merges))
        right = np.fromiter((token(b, -1) for _, b in merges), dtype=np.int64, count=len(merges))
        new = np.fromiter((token(a + b, -1) for a, b in merges), dtype=np.int64, count=len(merges))
        kept = np.flatnonzero((left >= 0) & (right >= 0) & (new >= 0))  # rank: the line in the file
        keys = left[kept] * n_tokens + right[kept]
        order = np.argsort(keys, kind="stable")
        symbols = {token: i for token, i in vocab.items() if len(token) == 1 or _is_byte_token(token)}
        return cls(symbols, _array("q", keys[order]), _array("i", kept[order]), _array("i", new[kept][order]), n_tokens)

    def encode(self, word: str) -> list[int]:
        """The token ids of ``word``, as the library encodes it (nothing for nothing)."""
        return self._encode(word, self._merge)

    def encode_many(self, words: Iterable[str]) -> list[list[int]]:
        """Each word's token ids; the merges looked up are remembered for the call (a vocabulary
        meets the same neighbours again and again)."""
        seen: dict[tuple[int, int], tuple[int, int]] = {}

        def merge(left: int, right: int) -> tuple[int, int]:
            found = seen.get((left, right))
            if found is None:
                found = seen[left, right] = self._merge(left, right)
            return found

        return [self._encode(word, merge) for word in words]

    def _encode(self, word: str, merge: Callable[[int, int], tuple[int, int]]) -> list[int]:
        if not word:
            return []
        tokens = self._characters(PREFIX + word.replace(" ", PREFIX))
        merges = [merge(tokens[i], tokens[i + 1]) for i in range(len(tokens) - 1)]  # (rank, token made)
        while merges:
            best = min(merges)  # one rank per pair of tokens: the same pair where it repeats
            if best[0] == _NONE:
                break
            at = merges.index(best)  # the leftmost of the best
            tokens[at : at + 2] = [best[1]]
            del merges[at]
            if at > 0:
                merges[at - 1] = merge(tokens[at - 1], tokens[at])
            if at < len(merges):
                merges[at] = merge(tokens[at], tokens[at + 1])
        return tokens

    def _characters(self, text: str) -> list[int]:
        tokens: list[int] = []
        for character in text:
            token = self.symbols.get(character)
            if token is not None:
                tokens.append(token)
            else:
                tokens += [self.symbols[f"<0x{byte:02X}>"] for byte in character.encode("utf-8")]
        return tokens

    def _merge(self, left: int, right: int) -> tuple[int, int]:
        """The rank of merging these neighbours and the token it makes; (_NONE, -1) if they do not merge."""
        key = left * self.n_tokens + right
        at = bisect_left(self.pairs, key)
        if at < len(self.pairs) and self.pairs[at] == key:
            return self.ranks[at], self.merged[at]
        return _NONE, -1


def _array(code: str, values: npt.NDArray[np.int64]) -> array[int]:
    """A numpy array as a standard array (whose items bisect reads fast), in the array's C type."""
    found = array(code)
    found.frombytes(values.astype(np.dtype(code)).tobytes())
    return found


def _is_byte_token(token: str) -> bool:
    return len(token) == 6 and token.startswith("<0x") and token.endswith(">")
