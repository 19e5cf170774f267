"""When the engine stays quiet: hard negatives on the starter KB, what is shown beside the
best article, and what an answer adds to a search."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import numpy as np
import pytest

from kb.article import Article
from kb.article_vectors import build_semantic
from kb.engine import SearchEngine
from kb.index import build_index
from kb.loader import load_folder
from kb.passage_cache import PassageVectors
from kb.semantic import Meaning
from kb.shortlist import CLOSE_CONFIDENCE, shortlist
from kb.text import Stemmer

STARTER = Path(__file__).resolve().parents[2] / "kb" / "articles"


@pytest.fixture(scope="module")
def starter(meaning: Meaning) -> SearchEngine:
    return SearchEngine.build(load_folder(STARTER).articles, meaning)


@pytest.mark.parametrize("message", [
    "Why did the ATM take my card?",  # another domain's question (banking), words shared by chance
    "the coffee machine on the 2nd floor is broken again",
    "how do I cook pasta carbonara",
    "I want to top up my account with Apple Pay",
    "quel temps fera-t-il demain à Lyon",
])
def test_messages_no_article_answers_get_nothing(starter: SearchEngine, message: str) -> None:
    assert starter.search(message) == []


@pytest.mark.parametrize(("message", "lang", "article"), [
    ("Mon compte est verrouillé après plusieurs tentatives de connexion", "fr", "compte-verrouille"),
    ("forgot pwd how do i make a new one", "en", "forgot-password"),
    ("l'export PDF des factures plante depuis ce matin", "fr", "export-pdf"),
])
def test_a_clear_request_still_gets_its_article_first(
    starter: SearchEngine, message: str, lang: str, article: str
) -> None:
    hits = starter.search(message, lang=lang)
    assert hits and hits[0].article.id == article


def test_an_off_topic_message_leaves_more_unexplained_and_a_smaller_margin(starter: SearchEngine) -> None:
    (_, off), *_ = starter.explain("the aircon in the meeting room is not working", lang="en")
    (_, on), *_ = starter.explain("my password expired and the reset link in the email is invalid", lang="en")
    assert off.unexplained > on.unexplained
    assert on.margin > 0 and off.margin < on.margin


def test_the_lexical_engine_abstains_too() -> None:
    lexical = SearchEngine.build(load_folder(STARTER).articles)
    assert lexical.search("Why did the ATM take my card?") == []
    assert lexical.search("mot de passe oublié", lang="fr")[0].article.id == "mot-de-passe-oublie"


@dataclass(frozen=True)
class _Hit:
    article: Article
    confidence: float


def _hit(name: str, confidence: float, meta: bool = False) -> _Hit:
    return _Hit(Article(id=name, title=name, lang="en", body="b", meta=meta), confidence)


def test_others_than_the_best_only_when_close_to_it() -> None:
    best, close, far = _hit("a", 0.9), _hit("b", 0.9 - CLOSE_CONFIDENCE + 0.01), _hit("c", 0.6)
    assert [h.article.id for h in shortlist([best, close, far], 0.5, 3)] == ["a", "b"]
    assert shortlist([_hit("a", 0.4), _hit("b", 0.3)], 0.5, 3) == []
    assert [h.article.id for h in shortlist([best, close], 0.5, 1)] == ["a"]


def test_an_article_about_the_help_desk_only_when_it_ranks_first() -> None:
    meta = _hit("write-a-request", 0.85, meta=True)
    assert [h.article.id for h in shortlist([_hit("a", 0.9), meta], 0.5, 3)] == ["a"]
    assert [h.article.id for h in shortlist([meta, _hit("a", 0.8)], 0.5, 3)] == ["write-a-request", "a"]


def test_asking_about_the_help_desk_gets_the_help_desk_article(starter: SearchEngine) -> None:
    hits = starter.search("comment joindre une capture d'écran à ma demande d'assistance", lang="fr")
    assert hits and hits[0].article.id == "joindre-capture-ecran"


def test_novelty_is_what_an_answer_adds_that_a_search_can_use(starter: SearchEngine) -> None:
    summary = "La facture ne s'enregistre pas"
    assert starter.novelty(summary, summary, "fr") == 0.0
    assert starter.novelty(summary, summary + " Moi seulement", "fr") < 0.6
    assert starter.novelty(summary, summary + " impossible de générer le PDF, page blanche", "fr") > 1.0


def test_passages_computed_at_build_or_on_demand_give_the_same_similarities(meaning: Meaning) -> None:
    articles = load_folder(STARTER).articles
    index = build_index(articles, Stemmer())
    ahead = build_semantic(index, meaning)
    lazy = build_semantic(index, meaning, precomputed=0, cached=50)
    assert ahead.all_passages is not None and lazy.all_passages is None
    query = meaning.embed(["imprimante", "bourrage"], "fr")
    candidates = np.asarray([3, 17, 40, 0], dtype=np.int64)
    for _ in range(2):  # the second time, from the cache
        found, again = ahead.passages_of(candidates).best(query), lazy.passages_of(candidates).best(query)
        assert np.allclose(found, again, atol=1e-5)


def test_the_passage_cache_keeps_at_most_its_rows() -> None:
    cache = PassageVectors(max_rows=5)
    computed: list[int] = []

    def embed(articles: np.ndarray) -> list[np.ndarray]:
        computed.extend(int(a) for a in articles)
        return [np.full((2, 3), float(a), dtype=np.float32) for a in articles]

    blocks = cache.get(np.asarray([1, 2], dtype=np.int64), embed)
    assert [float(b[0, 0]) for b in blocks] == [1.0, 2.0]
    cache.get(np.asarray([2, 3], dtype=np.int64), embed)  # 2 is kept, 3 is new: 6 rows, 1 goes
    cache.get(np.asarray([1, 3], dtype=np.int64), embed)
    assert computed == [1, 2, 3, 1]
