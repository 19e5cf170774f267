"""The word vectors: loading them, and what they add to the lexical search."""

from __future__ import annotations

import logging
from pathlib import Path

import numpy as np
import pytest

from kb.article import Article
from kb.engine import SearchEngine
from kb.semantic import PACKAGED_VECTORS, WordVectors

CREDENTIALS = Article(
    id="credentials", title="Reset your credentials", lang="en",
    body="Open the sign-in page and choose a new secret phrase for your login.",
)
PRINTER = Article(id="printer", title="The printer prints nothing", lang="en", body="Check the paper tray and the queue.")
INVOICE = Article(id="invoice", title="Download an invoice", lang="en", body="Billing shows every receipt as a PDF.")


@pytest.fixture(scope="module")
def vectors() -> WordVectors:
    return WordVectors.load()


def test_packaged_tables_load(vectors: WordVectors) -> None:
    assert set(vectors.rows) == {"fr", "en"} and vectors.dims == 128
    assert all(len(rows) == 15_000 for rows in vectors.rows.values())
    assert all(path.stat().st_size < 2_000_000 for path in PACKAGED_VECTORS.glob("*.npz"))


def test_missing_table_means_lexical_only(tmp_path: Path, caplog: pytest.LogCaptureFixture) -> None:
    with caplog.at_level(logging.WARNING, logger="kb.semantic"):
        vectors = WordVectors.load(tmp_path)
    assert not vectors
    assert "lexical only" in caplog.text and str(tmp_path / "fr.npz") in caplog.text
    engine = SearchEngine.build([CREDENTIALS, PRINTER], vectors)
    assert engine.search("I forgot my password", min_confidence=0.0) == []
    assert engine.search("printer prints nothing", min_confidence=0.0)[0].article.id == "printer"


def test_unknown_words_give_no_vector(vectors: WordVectors) -> None:
    assert not vectors.embed(["zxqwv", "blorptang"], "en").any()
    embedded = vectors.embed(["password"], "en")
    assert np.linalg.norm(embedded) == pytest.approx(1.0, abs=1e-5)


def test_paraphrase_without_a_shared_word(vectors: WordVectors) -> None:
    engine = SearchEngine.build([PRINTER, CREDENTIALS, INVOICE], vectors)
    hits = engine.search("I forgot my password", min_confidence=0.0, lang="en")
    assert hits[0].article.id == "credentials"
    # Without vectors the same message shares no word with any article.
    assert SearchEngine.build([PRINTER, CREDENTIALS, INVOICE]).search("I forgot my password", min_confidence=0.0) == []


def test_french_message_meets_an_english_article(vectors: WordVectors) -> None:
    engine = SearchEngine.build([PRINTER, CREDENTIALS, INVOICE], vectors)
    assert engine.search("mon imprimante est en panne", lang="fr", min_confidence=0.0)[0].article.id == "printer"


def test_lang_still_limits_the_search(vectors: WordVectors) -> None:
    french = Article(id="facture", title="Télécharger une facture", lang="fr", body="La facture est un PDF.")
    engine = SearchEngine.build([INVOICE, french], vectors)
    assert {hit.article.lang for hit in engine.search("download my bill", lang="en", min_confidence=0.0)} == {"en"}
