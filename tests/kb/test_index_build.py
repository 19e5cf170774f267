"""The fast paths of index building give what the plain ways would."""

from __future__ import annotations

import dataclasses
import re

import numpy as np

from kb.article import Article
from kb.index import _presence, _term_order, build_index
from kb.passages import Field, passage_texts
from kb.rows import summed_rows
from kb.text import _MARKDOWN_LINK, LINE_BREAK, Stemmer, _fold_char, _fold_table, fold, words, words_by_line

_TRICKY_LINES = [
    "L'écran d’accueil [s'affiche](http://x.y/z?a=b) pas — it's the user's `code` n'est-ce pas",
    "a line\nwith a break of its own, | a pipe, a\x00nul and ㎒ (NFKD: MHz), Kelvin K, ﬁn, straße, ŉ ʼn ¼ µ",
    "[a link whose label", "spans lines](and/its target) 中文 😀 naïve café « guillemets » 3 € × 2…",
    "[a target](that", "spans lines) !",
    "",
    "d`abord, qu'il, jusqu'à, aujourd'hui; don't 3.14 v2 e-mail A b 7 l'l'avion _l'a 中l'a 2l'a l' a",
    "![an image](i.png) !![x](y) [[nested](z)] [a]](b) [c] (d) ![e]",
]


def _fold_as_before(text: str) -> str:
    """fold() as it once was: one translate(), then the rest character by character."""
    text = text.lower().translate(_fold_table())
    return "".join(c if c.isascii() else _fold_char(c) for c in text)


def _words_as_before(text: str) -> list[str]:
    """words() as it once was, line breaks kept: forward regexes over the folded text."""
    text = _fold_as_before(text)
    text = re.sub(r"n't\b", " not", text)
    text = re.sub(r"\b(?:jusqu|lorsqu|puisqu|quoiqu|qu|[ldjnsctm])'(?=[a-z0-9])", "", text)
    text = re.sub(r"'(?:s|re|ve|ll|d|m)\b", "", text)
    return [LINE_BREAK if word == "\n" else word for word in re.findall(r"[a-z0-9]+|\n", text)]


def test_words_are_found_as_before() -> None:
    text = "\n".join(line.replace("\n", " ") for line in _TRICKY_LINES) + "\n"
    assert words_by_line(_TRICKY_LINES) == _words_as_before(re.sub(r"!?\[([^\]]*)\]\([^)]*\)", r"\1", text))
    assert words_by_line(["Hello, World!", "x"]) == ["hello", "world", LINE_BREAK, "x", LINE_BREAK]
    for line in _TRICKY_LINES:
        assert words(line) == [word for word in _words_as_before(line) if word != LINE_BREAK]


def test_fold_folds_as_before() -> None:
    assert {chr(code) for code in _fold_table() if code < 128} == {"`"}
    every = "".join(map(chr, range(0x20, 0x3100))) + "".join(_TRICKY_LINES) + "ʼŉʼ"
    # ŉ folds to ʼn, whose ʼ is not folded again: one replacement per character would do it.
    for text in (every, "Réinitialiser l’ÉCRAN « Œuvre » Ça 中文 😀 ﬁn", "ŉ ʼ"):
        assert fold(text) == _fold_as_before(text)
    assert fold("Don`t FOLD me: ~#|\\ 42") == "don't fold me: ~#|\\ 42"


def test_strip_markdown_keeps_link_labels_as_before() -> None:
    for line in _TRICKY_LINES:
        assert _MARKDOWN_LINK.sub(r"\1", line) == re.sub(r"!?\[([^\]]*)\]\([^)]*\)", r"\1", line)


def _passage_texts_line_by_line(article: Article) -> tuple[list[Field], list[str]]:
    fields, texts = passage_texts(Article(id="x", title=article.title, lang=article.lang, body=""))
    in_code = False
    for line in (line.strip() for line in article.body.splitlines()):
        if line.startswith(("```", "~~~")):
            in_code = not in_code
            continue
        if in_code or not line:
            continue
        field = Field.HEADING if re.match(r"#{1,6}\s", line) else Field.BODY
        sentences = re.split(r"(?<=[.!?;:])\s+(?=\S)", line)
        parts = [line] if len(line) <= 220 else [s.strip() for s in sentences if s.strip()]
        fields += [field] * len(parts)
        texts += parts
    return fields, texts


def test_passages_of_bodies_with_and_without_the_usual_shape() -> None:
    long = "A first sentence. " * 20 + "The end!"
    bodies = [
        "one\n\n  two  \r\nthree\u2028four",
        "## Heading\n#hashtag\n####### seven\n- item\n```\ncode # not a heading\n```\nafter",
        f"{long}\n# {long}\n~~~\nhidden\n~~~\nshown `inline`",
        "",
    ]
    for body in bodies:
        article = Article(id="x", title="T", lang="en", body=body)
        assert passage_texts(article) == _passage_texts_line_by_line(article)


def test_term_order_is_a_stable_sort_by_term() -> None:
    rng = np.random.default_rng(0)
    for n_terms in (50, 70_000):
        terms = rng.integers(n_terms, size=5_000)
        assert np.array_equal(_term_order(terms, n_terms), np.argsort(terms, kind="stable"))


def test_presence_is_the_same_whatever_the_order_of_occurrences() -> None:
    rng = np.random.default_rng(0)
    passages, words = rng.integers(40, size=1_000), rng.integers(30, size=1_000)
    expected = [sorted({int(w) for p, w in zip(passages, words, strict=True) if p == row}) for row in range(40)]
    order = np.argsort(passages, kind="stable")
    for got in (_presence(passages, words, (40, 30)), _presence(passages[order], words[order], (40, 30))):
        assert got.shape == (40, 30) and len(got.indptr) == 41
        assert [got.indices[got.indptr[row] : got.indptr[row + 1]].tolist() for row in range(40)] == expected


def test_summed_rows_add_each_group_in_order_and_leave_empty_groups_zero() -> None:
    rng = np.random.default_rng(1)
    table = rng.standard_normal((50, 7)).astype(np.float32)
    lengths = rng.integers(0, 9, size=3_000)  # more groups than one batch
    pointers = np.concatenate(([0], np.cumsum(lengths)))
    ids, weights = rng.integers(50, size=int(pointers[-1])), rng.random(int(pointers[-1])).astype(np.float32)
    got, weighted = summed_rows(table, ids, pointers), summed_rows(table, ids, pointers, weights)
    for group in range(len(lengths)):
        plain, scaled = np.zeros(7, dtype=np.float32), np.zeros(7, dtype=np.float32)
        for k in range(int(pointers[group]), int(pointers[group + 1])):
            plain += table[ids[k]]
            scaled += table[ids[k]] * weights[k]
        assert np.array_equal(got[group], plain) and np.array_equal(weighted[group], scaled)


def test_postings_are_ordered_with_languages_interleaved() -> None:
    french = Article(id="", title="titre imprimante", lang="fr", body="Une ligne.\n## Titre\nune autre imprimante")
    english = Article(id="", title="title printer", lang="en", body="A line.\n## Heading\nprinter again printer")
    articles = [dataclasses.replace(french if i % 2 else english, id=f"a{i}") for i in range(8)]
    index = build_index(articles, Stemmer())
    for postings in (index.docs, index.passages):
        for term in range(len(index.idf)):
            ids, _ = postings.of(term)
            assert np.all(np.diff(ids) > 0)
    printer = index.terms["en"]["printer"]
    assert index.docs.of(printer)[0].tolist() == [0, 2, 4, 6]
