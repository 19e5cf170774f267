from kb.stopwords import stop_words
from kb.text import Stemmer, fold, strip_markdown, words


def test_fold_removes_case_and_accents() -> None:
    assert fold("Réinitialiser l'ÉCRAN Œuvre Ça") == "reinitialiser l'ecran oeuvre ca"


def test_french_elisions_and_typographic_apostrophes_are_dropped() -> None:
    assert words("l'imprimante d’accueil qu'il jusqu'à s'affiche") == ["imprimante", "accueil", "il", "a", "affiche"]


def test_english_contractions() -> None:
    assert words("I don't know, it's the user's") == ["i", "do", "not", "know", "it", "the", "user"]


def test_stop_words_are_folded_and_per_language() -> None:
    assert "tres" in stop_words("fr") and "the" not in stop_words("fr")
    assert "the" in stop_words("en") and "tres" not in stop_words("en")
    assert {"the", "tres"} <= stop_words(None)


def test_stemming_brings_inflections_together() -> None:
    stemmer = Stemmer()
    fr = {stemmer.stem(w, "fr") for w in ("imprimante", "imprimantes", "imprimer")}
    assert len(fr) == 1
    # Missing accent, accent, infinitive: one stem.
    assert len({stemmer.stem(fold(w), "fr") for w in ("oublie", "oublié", "oublier")}) == 1
    assert stemmer.stem("activating", "en") == stemmer.stem("activation", "en")
    # What is true of Snowball: the noun and the verb do not meet.
    assert stemmer.stem("impression", "fr") != stemmer.stem("imprimer", "fr")


def test_terms_skip_stop_words() -> None:
    assert Stemmer().terms(words("Je n'arrive pas à me connecter"), "fr") == ["arriv", "pas", "connect"]


def test_strip_markdown_keeps_text_and_link_labels() -> None:
    assert strip_markdown("## Title\n1. **Bold** [label](http://x) `code`") == "Title Bold label code"


def test_abbreviations_expand_per_language() -> None:
    from kb.abbreviations import expand

    assert expand(["mdp", "perdu"], "fr") == ["mot", "de", "passe", "perdu"]
    assert expand(["mdp"], "en") == ["mdp"]
    assert expand(["pwd", "mdp"], None) == ["password", "mot", "de", "passe"]


def test_fold_lowers_what_decomposing_uncovers() -> None:
    assert fold("Excel™ ﬁchier Ⅻ ＰＤＦ") == "exceltm fichier xii pdf"
