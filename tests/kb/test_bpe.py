"""kb.bpe splits words into WordLlama's pieces exactly as the `tokenizers` library does (the
reference, installed with wordllama), on every word of the word tables, random words and the odd
ones (accents, other scripts, emoji, spaces)."""

from __future__ import annotations

import importlib.util
import random
import string
from pathlib import Path

import numpy as np
import pytest

from kb.bpe import WordPieces
from kb.semantic import PACKAGED_VECTORS
from kb.subwords import MODEL

tokenizers = pytest.importorskip("tokenizers")


@pytest.fixture(scope="module")
def tokenizer_file() -> Path:
    spec = importlib.util.find_spec("wordllama")
    assert spec is not None and spec.submodule_search_locations
    return Path(next(iter(spec.submodule_search_locations))) / "tokenizers" / f"{MODEL}_tokenizer_config.json"


def _words() -> list[str]:
    found: list[str] = []
    for lang in ("fr", "en"):
        with np.load(PACKAGED_VECTORS / f"{lang}.npz") as data:
            found += str(data["words"]).split("\n")
    pick = random.Random(15)
    found += ["".join(pick.choice(string.ascii_lowercase + string.digits) for _ in range(pick.randint(1, 24)))
              for _ in range(20_000)]
    return [*found, "é", "ça", "naïve", "straße", "日本語", "😀x", "a b", " lead", "ab\u0301", "x" * 60, ""]


def test_the_same_pieces_as_the_library(tokenizer_file: Path) -> None:
    ours = WordPieces.load(tokenizer_file)
    library = tokenizers.Tokenizer.from_file(str(tokenizer_file))
    library.no_padding()
    library.no_truncation()
    words = _words()
    expected = [encoding.ids for encoding in library.encode_batch(words, add_special_tokens=False)]
    assert [ours.encode(word) for word in words] == expected
    assert ours.encode_many(words) == expected


def test_anything_but_a_byte_fallback_bpe_is_refused(tmp_path: Path) -> None:
    other = tmp_path / "tokenizer.json"
    other.write_text('{"model": {"type": "WordPiece", "vocab": {}}}', encoding="utf-8")
    with pytest.raises(ValueError, match="not a byte-fallback BPE model"):
        WordPieces.load(other)
