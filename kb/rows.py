"""Which words each passage has, and sums of table rows by group: the two sparse operations the
knowledge base needs, in numpy.

SciPy's sparse matrices did this before; importing ``scipy.sparse`` cost a running bot 20 MB (its
array-API layer imports numpy's testing, f2py and masked-array modules) for a 0/1 matrix and one
kind of product. Sums run row after row in the order of the ids, as SciPy's CSR product did.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import numpy.typing as npt

FloatArray = npt.NDArray[np.float32]
IntArray = npt.NDArray[np.int64]

_GROUPS_AT_ONCE = 2_048  # summed_rows' work space: 2,048 rows of the table (5 MB at 640 floats)


@dataclass(frozen=True, eq=False)
class WordPresence:
    """Passage x word, 1 where the passage has the word, in CSR form: the word ids of passage p
    are ``indices[indptr[p]:indptr[p + 1]]``, sorted and distinct."""

    indptr: IntArray
    indices: npt.NDArray[np.int32]
    shape: tuple[int, int]

    @classmethod
    def of(cls, passages: IntArray, words: IntArray, shape: tuple[int, int]) -> WordPresence:
        """From occurrences (passage, word), in any order, repeats allowed."""
        n_passages, n_words = shape
        pairs = np.unique(passages.astype(np.int64) * max(n_words, 1) + words)
        owners = pairs // max(n_words, 1)
        indptr = np.zeros(n_passages + 1, dtype=np.int64)
        np.cumsum(np.bincount(owners, minlength=n_passages), out=indptr[1:])
        return cls(indptr, (pairs - owners * max(n_words, 1)).astype(np.int32), shape)

    def word_counts(self) -> IntArray:
        """Distinct words per passage."""
        return np.diff(self.indptr)

    def rows(self, passages: IntArray) -> tuple[IntArray, IntArray]:
        """The word ids of these passages one after the other, and where each passage's begin
        (CSR pointers over them)."""
        starts, ends = self.indptr[passages], self.indptr[passages + 1]
        lengths = ends - starts
        pointers = np.zeros(len(passages) + 1, dtype=np.int64)
        np.cumsum(lengths, out=pointers[1:])
        ids = np.repeat(starts - pointers[:-1], lengths) + np.arange(int(pointers[-1]))
        return self.indices[ids].astype(np.int64), pointers

    def sums(self, passages: IntArray, table: npt.NDArray[np.floating]) -> FloatArray:
        """Per passage, the sum of its words' rows of ``table``."""
        ids, pointers = self.rows(passages)
        return summed_rows(table, ids, pointers)


def summed_rows(
    table: npt.NDArray[np.floating], ids: IntArray, pointers: IntArray, weights: FloatArray | None = None,
) -> FloatArray:
    """Row g of the result: the float32 sum of ``table[ids[k]]`` (times ``weights[k]``) for k in
    ``pointers[g]:pointers[g + 1]``, added one after the other in that order (as SciPy's CSR
    product adds them: the same bits); zero for an empty group.

    Step k adds the k-th row of every group that has one: a few hundred vectorised steps at most
    (the longest group), each over at most _GROUPS_AT_ONCE groups.
    """
    groups = len(pointers) - 1
    out = np.zeros((groups, table.shape[1]), dtype=np.float32)
    lengths = np.diff(pointers)
    for first in range(0, groups, _GROUPS_AT_ONCE):
        batch = np.arange(first, min(first + _GROUPS_AT_ONCE, groups))
        order = batch[np.argsort(-lengths[batch], kind="stable")]  # longest first: step k's groups are a prefix
        starts, counts = pointers[order], lengths[order]
        sums = np.zeros((len(order), table.shape[1]), dtype=np.float32)
        longest = int(counts[0]) if len(counts) else 0
        longer = np.searchsorted(-counts, -np.arange(longest), side="left")  # per k, the groups longer than k
        for k in range(longest):
            at = starts[: longer[k]] + k
            rows = table[ids[at]].astype(np.float32, copy=False)
            sums[: longer[k]] += rows if weights is None else rows * weights[at, None]
        out[order] = sums
    return out
