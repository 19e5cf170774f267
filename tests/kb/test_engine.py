from pathlib import Path

import pytest

from kb.article import Article
from kb.engine import DEFAULT_MIN_CONFIDENCE, SearchEngine
from kb.loader import load_folder


@pytest.fixture
def engine(kb_folder: Path) -> SearchEngine:
    return SearchEngine.build(load_folder(kb_folder).articles)


def _ids(engine: SearchEngine, query: str, **kwargs: object) -> list[str]:
    return [hit.article.id for hit in engine.search(query, **kwargs)]  # type: ignore[arg-type]


def test_finds_the_article_without_accents_and_with_typos(engine: SearchEngine) -> None:
    assert _ids(engine, "mot de pase oublie", lang="fr")[0] == "mot-de-passe-oublie"
    assert _ids(engine, "l'imprimente n'imprime plus rien", lang="fr")[0] == "imprimante"
    assert _ids(engine, "MOT DE PASSE OUBLIÉ")[0] == "mot-de-passe-oublie"


def test_short_query_is_ignored(engine: SearchEngine) -> None:
    assert engine.search("pd", min_confidence=0.0) == []
    assert engine.search("?!", min_confidence=0.0) == []


def test_out_of_scope_gets_nothing_at_default_threshold(engine: SearchEngine) -> None:
    assert engine.search("je cherche une recette de crêpes") == []
    assert engine.search("what's the weather tomorrow") == []


def test_lang_limits_to_that_language(engine: SearchEngine) -> None:
    assert {hit.article.lang for hit in engine.search("password", lang="en", min_confidence=0.0)} == {"en"}
    assert _ids(engine, "forgot password", lang="en")[0] == "forgotten-password"
    # No German article: search them all rather than answer nothing.
    assert _ids(engine, "export pdf", lang="de")[0] == "export-pdf"


def test_hit_fields(engine: SearchEngine) -> None:
    (hit, *_) = engine.search("export my report as pdf")
    assert hit.article.id == "export-pdf"
    assert DEFAULT_MIN_CONFIDENCE <= hit.confidence <= 1.0
    assert hit.score > 0
    # Snippet: plain text from the body, markdown gone, link label kept.
    assert "PDF format" in hit.snippet and "*" not in hit.snippet and "](" not in hit.snippet
    assert len(hit.snippet) <= 161


def test_snippet_is_the_passage_that_matches(engine: SearchEngine) -> None:
    (hit, *_) = engine.search("la page imprimée est coupée", lang="fr")
    assert hit.article.id == "imprimante"
    assert hit.snippet.startswith("Si la page est coupée")


def test_limit_get_and_len(engine: SearchEngine) -> None:
    assert len(engine) == 4
    assert len(engine.search("mot de passe", limit=1, min_confidence=0.0)) == 1
    assert engine.get("export-pdf") is not None and engine.get("nope") is None


def test_empty_engine() -> None:
    engine = SearchEngine.build([])
    assert len(engine) == 0 and engine.search("anything at all", min_confidence=0.0) == []


def test_long_article_body_is_split_into_passages() -> None:
    filler = " ".join(f"Sentence number {i} talks about something unrelated." for i in range(30))
    article = Article(id="long", title="Long", lang="en", body=filler + " Reboot the router to fix wifi.")
    (hit,) = SearchEngine.build([article]).search("router reboot wifi", min_confidence=0.0)
    assert hit.snippet.startswith("Reboot the router")


def test_explain_gives_the_signals_behind_confidence(engine: SearchEngine) -> None:
    (article, signals), *_ = engine.explain("j'ai oublié mon mot de passe", lang="fr")
    assert article.id == "mot-de-passe-oublie"
    assert signals.coverage == pytest.approx(1.0)
    assert 0 < signals.fit <= 1 and 0 < signals.own <= 1 and signals.evidence > 0


def test_chatty_message_still_finds_its_article(engine: SearchEngine) -> None:
    message = "Bonjour, merci d'avance : depuis ce matin rien ne sort de l'imprimante du bureau, vous pouvez m'aider ?"
    assert _ids(engine, message, lang="fr")[0] == "imprimante"


def test_chat_abbreviations_and_truncated_words(engine: SearchEngine) -> None:
    assert _ids(engine, "mdp oublié", lang="fr")[0] == "mot-de-passe-oublie"
    assert _ids(engine, "reinit du mdp", lang="fr")[0] == "mot-de-passe-oublie"  # "reinit" is completed
    assert _ids(engine, "forgot my pwd", lang="en")[0] == "forgotten-password"
