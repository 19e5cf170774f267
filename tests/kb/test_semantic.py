"""The models of meaning: loading them, and what they add to the lexical search."""

from __future__ import annotations

import json
import logging
from pathlib import Path

import numpy as np
import pytest

from kb.article import Article
from kb.engine import SearchEngine
from kb.safetensors import TensorRows
from kb.semantic import PACKAGED_VECTORS, Meaning, WordVectors
from kb.subwords import SubwordVectors

CREDENTIALS = Article(
    id="credentials", title="Reset your credentials", lang="en",
    body="Open the sign-in page and choose a new secret phrase for your login.",
)
PRINTER = Article(id="printer", title="The printer prints nothing", lang="en", body="Check the paper tray and the queue.")
INVOICE = Article(id="invoice", title="Download an invoice", lang="en", body="Billing shows every receipt as a PDF.")


@pytest.fixture(scope="module")
def meaning() -> Meaning:
    return Meaning.load()


@pytest.fixture(scope="module")
def vectors(meaning: Meaning) -> WordVectors:
    return next(m for m in meaning.models if isinstance(m, WordVectors))


@pytest.fixture(scope="module")
def subwords(meaning: Meaning) -> SubwordVectors:
    return next(m for m in meaning.models if isinstance(m, SubwordVectors))


def test_packaged_models_load(meaning: Meaning, vectors: WordVectors, subwords: SubwordVectors) -> None:
    assert set(vectors.rows) == {"fr", "en"} and vectors.dims == 128
    assert all(len(rows) == 15_000 for rows in vectors.rows.values())
    assert all(path.stat().st_size < 2_000_000 for path in PACKAGED_VECTORS.glob("*.npz"))
    assert subwords.dims == 256 and meaning.dims == 384
    assert sum(meaning.shares) == pytest.approx(1.0)


def test_missing_table_means_lexical_only(tmp_path: Path, caplog: pytest.LogCaptureFixture) -> None:
    with caplog.at_level(logging.WARNING, logger="kb.semantic"):
        vectors = WordVectors.load(tmp_path)
    assert not vectors
    assert "lexical only" in caplog.text and str(tmp_path / "fr.npz") in caplog.text
    engine = SearchEngine.build([CREDENTIALS, PRINTER], Meaning.of([]))
    assert engine.search("I forgot my password", min_confidence=0.0) == []
    assert engine.search("printer prints nothing", min_confidence=0.0)[0].article.id == "printer"


def test_unknown_words_give_no_table_vector(vectors: WordVectors) -> None:
    assert not vectors.embed(["zxqwv", "blorptang"], "en").any()
    assert vectors.embed(["password"], "en").any()


def test_subwords_give_any_word_a_vector(subwords: SubwordVectors) -> None:
    """A misspelt or unseen word still has pieces; a word's vector does not depend on its batch."""
    alone = subwords.word_vectors(["passwrod"], "en")[0]
    assert alone.any()
    batch = subwords.word_vectors(["a", "passwrod", "reinitialisation"], "en")
    np.testing.assert_allclose(batch[1], alone, rtol=1e-5)  # no padding leaks into a word


def test_message_vector_weighs_each_model_by_its_share(meaning: Meaning) -> None:
    message = meaning.embed(["forgot", "my", "password"], "en")
    assert np.dot(message, message) == pytest.approx(1.0, abs=1e-4)  # both parts known
    judged = meaning.judged(message)
    table = next(i for i, m in enumerate(meaning.models) if isinstance(m, WordVectors))
    assert judged.any() and np.count_nonzero(judged) <= meaning.models[table].dims


def test_paraphrase_without_a_shared_word(meaning: Meaning) -> None:
    engine = SearchEngine.build([PRINTER, CREDENTIALS, INVOICE], meaning)
    hits = engine.search("I forgot my password", min_confidence=0.0, lang="en")
    assert hits[0].article.id == "credentials"
    # Without vectors the same message shares no word with any article.
    assert SearchEngine.build([PRINTER, CREDENTIALS, INVOICE]).search("I forgot my password", min_confidence=0.0) == []


@pytest.mark.parametrize("weighted", ["table", "subwords"])
def test_each_model_alone_finds_the_paraphrase(weighted: str, vectors: WordVectors, subwords: SubwordVectors) -> None:
    model = vectors if weighted == "table" else subwords
    engine = SearchEngine.build([PRINTER, CREDENTIALS, INVOICE], Meaning.of([(model, 1.0)]))
    assert engine.search("I forgot my password", min_confidence=0.0, lang="en")[0].article.id == "credentials"


def test_french_message_meets_an_english_article(meaning: Meaning) -> None:
    engine = SearchEngine.build([PRINTER, CREDENTIALS, INVOICE], meaning)
    assert engine.search("mon imprimante est en panne", lang="fr", min_confidence=0.0)[0].article.id == "printer"


def test_lang_still_limits_the_search(meaning: Meaning) -> None:
    french = Article(id="facture", title="Télécharger une facture", lang="fr", body="La facture est un PDF.")
    engine = SearchEngine.build([INVOICE, french], meaning)
    assert {hit.article.lang for hit in engine.search("download my bill", lang="en", min_confidence=0.0)} == {"en"}


def test_candidate_passages_match_each_model_cosine(meaning: Meaning) -> None:
    """Passages embedded on demand give, per passage, the share-weighted mean of the models'
    cosines with the message, each computed here from the models' own message vectors."""
    from kb.article_vectors import build_semantic
    from kb.index import build_index
    from kb.passages import passage_texts
    from kb.text import Stemmer, words

    articles = [CREDENTIALS, PRINTER, INVOICE]
    index = build_index(articles, Stemmer())
    semantic = build_semantic(index, meaning)
    query = words("I forgot my password and cannot log in")
    message = meaning.embed(query, "en")
    best = semantic.passages_of(np.arange(len(articles))).best(message)
    for a, article in enumerate(articles):
        expected = -1.0
        for text in passage_texts(article)[1]:
            distinct = list(dict.fromkeys(words(text)))
            cosine = 0.0
            for model, share in zip(meaning.models, meaning.shares, strict=False):
                p, q = model.embed(distinct, "en"), model.embed(query, "en")
                if np.linalg.norm(p) and np.linalg.norm(q):
                    cosine += share * float(p @ q / np.linalg.norm(p) / np.linalg.norm(q))
            expected = max(expected, cosine)
        assert best[a] == pytest.approx(expected, abs=1e-4)


def test_the_models_are_read_where_they_lie(vectors: WordVectors, subwords: SubwordVectors) -> None:
    """Memory: the word tables stay int8, and WordLlama's table is read from its wheel's file."""
    assert all(codes.dtype == np.int8 for codes in vectors.codes.values())
    assert isinstance(subwords.embedding, TensorRows) and subwords.embedding.dtype == np.float16
    assert subwords.embedding.path.name.endswith(".safetensors") and subwords.embedding.shape == (32_000, 256)


def test_a_word_is_split_into_pieces_once(subwords: SubwordVectors) -> None:
    first = subwords.word_vectors(["imprimante", "bloquee"], "fr")
    assert "imprimante" in subwords._pieces
    np.testing.assert_array_equal(subwords.word_vectors(["imprimante", "bloquee"], "fr"), first)
    batch = subwords.word_vectors(["imprimante", "bloquee", *(f"mot{n}" for n in range(70))], "fr")  # the batch path
    np.testing.assert_array_equal(batch[:2], first)


def _safetensors(path: Path, header: dict[str, object], data: bytes) -> Path:
    encoded = json.dumps(header).encode()
    path.write_bytes(len(encoded).to_bytes(8, "little") + encoded + data)
    return path


def test_tensor_rows_are_read_from_the_file_and_a_wrong_size_is_refused(tmp_path: Path) -> None:
    table = np.arange(14, dtype=np.float16).reshape(7, 2)
    header = {"other": {"dtype": "F32", "shape": [1, 1], "data_offsets": [0, 4]},
              "embedding.weight": {"dtype": "F16", "shape": [7, 2], "data_offsets": [4, 32]}}
    good = _safetensors(tmp_path / "good.safetensors", header, b"\0" * 4 + table.tobytes())
    rows = TensorRows.of(good, "embedding.weight")
    for ids in ([0, 1, 2, 3, 4, 5, 6], [0, 2, 3, 6], [5], []):
        np.testing.assert_array_equal(rows.read(np.asarray(ids, dtype=np.int64)), table[ids])
    with pytest.raises(IndexError):
        rows.read(np.asarray([6, 7], dtype=np.int64))
    short = _safetensors(tmp_path / "short.safetensors",
                         {"embedding.weight": {"dtype": "F16", "shape": [4, 2], "data_offsets": [0, 10]}}, table.tobytes())
    with pytest.raises(ValueError, match=r"short\.safetensors: embedding\.weight holds 10 bytes"):
        TensorRows.of(short, "embedding.weight")
    cut = _safetensors(tmp_path / "cut.safetensors",
                       {"embedding.weight": {"dtype": "F16", "shape": [7, 2], "data_offsets": [0, 28]}}, table.tobytes()[:20])
    with pytest.raises(ValueError, match="the file ends before"):
        TensorRows.of(cut, "embedding.weight")
