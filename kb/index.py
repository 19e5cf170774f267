"""The inverted index: per-term posting lists with precomputed BM25 impacts, in numpy arrays.

Two views of the same articles are indexed:
- articles as whole documents, BM25F-style: a term's frequency is summed over fields with field
  weights, each field normalised by its own average length;
- passages (title, each question, each body line or sentence) as mini-documents, plain BM25.
Terms are language-scoped: a French stem and an English stem never share an id.
Scoring a query is then a handful of vectorised additions over posting slices.
"""

from __future__ import annotations

import itertools
import math
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
import numpy.typing as npt

from kb.article import Article
from kb.passages import Field, passage_texts
from kb.rows import WordPresence
from kb.stopwords import stop_words
from kb.text import LANGS, LINE_BREAK, WORD_CHARACTERS, Stemmer, words_by_line

FloatArray = npt.NDArray[np.float32]
IntArray = npt.NDArray[np.int64]
AnyIntArray = npt.NDArray[np.int32] | npt.NDArray[np.int64]

# Field weights and length normalisation. Titles and listed questions are written to match
# users' words, so they count more than body text; tags are keywords without grammar.
FIELD_WEIGHT = {Field.TITLE: 3.0, Field.QUESTION: 2.0, Field.TAGS: 2.0, Field.HEADING: 1.5, Field.BODY: 1.0}
FIELD_B = {Field.TITLE: 0.5, Field.QUESTION: 0.75, Field.TAGS: 0.3, Field.HEADING: 0.5, Field.BODY: 0.75}
K1 = 1.2
PASSAGE_B = 0.75
_BREAK = -2
_CHUNK_LINES = 50_000
_ONE_CHARACTER = frozenset(WORD_CHARACTERS)  # the words of a single letter or digit


@dataclass(frozen=True, eq=False)
class Postings:
    """CSR posting lists: entries of term t are ids[ptr[t]:ptr[t+1]]."""

    ptr: IntArray
    ids: npt.NDArray[np.int32]
    impact: FloatArray

    def of(self, term: int) -> tuple[npt.NDArray[np.int32], FloatArray]:
        start, end = self.ptr[term], self.ptr[term + 1]
        return self.ids[start:end], self.impact[start:end]


@dataclass(frozen=True, eq=False)
class Index:
    n_articles: int
    terms: dict[str, dict[str, int]]  # lang -> stem -> term id
    surface: dict[str, dict[str, str]]  # lang -> folded word seen in the KB -> its stem
    word_ids: dict[str, dict[str, int]]  # lang -> every folded word seen in the KB -> word id
    passage_words: WordPresence  # passage x word id, 1 where the passage has the word
    word_term: IntArray  # per word id, its term id, or -1 for a function word (no term)
    idf: FloatArray  # per term, over articles
    article_lang: tuple[str, ...]
    lang_articles: dict[str, npt.NDArray[np.bool_]]  # lang -> mask of its articles
    docs: Postings
    passages: Postings
    passage_article: npt.NDArray[np.int32]
    passage_field: npt.NDArray[np.int8]
    passage_norm: FloatArray  # idf mass of each passage's distinct unigrams
    first_passage: IntArray  # per article, its first passage (passages are contiguous)


def idf_of(df: npt.NDArray[np.float64], n: int) -> FloatArray:
    return np.log1p((n - df + 0.5) / (df + 0.5)).astype(np.float32)


def unknown_idf(n: int) -> float:
    """The idf a term never seen would have: the rarest possible."""
    return math.log1p((n + 0.5) / 0.5)


def build_index(articles: Sequence[Article], stemmer: Stemmer) -> Index:
    terms: dict[str, dict[str, int]] = {lang: {} for lang in LANGS}
    surface: dict[str, dict[str, str]] = {lang: {} for lang in LANGS}
    word_ids: dict[str, dict[str, int]] = {lang: {} for lang in LANGS}
    word_term: list[int] = []
    n_texts: list[int] = []
    fields: list[Field] = []
    lines: dict[str, list[str]] = {lang: [] for lang in LANGS}
    for article in articles:
        article_fields, texts = passage_texts(article)
        n_texts.append(len(texts))
        fields += article_fields
        lines[article.lang] += texts
    # Passages are numbered article after article; each language's lines are its passages in order.
    counts = np.asarray(n_texts, dtype=np.int64)
    passage_article = np.repeat(np.arange(len(articles), dtype=np.int32), counts)
    passage_lang = np.repeat(np.asarray([LANGS.index(a.lang) for a in articles], dtype=np.int8), counts)
    # Folding and splitting long texts beats many short ones; chunks bound the memory held by
    # the token strings of a big knowledge base.
    streams, owners = [], []
    lookups: dict[str, dict[str, int]] = {lang: {LINE_BREAK: _BREAK} for lang in LANGS}
    for k, lang in enumerate(LANGS):
        owner_of_line = np.flatnonzero(passage_lang == k)
        for start in range(0, len(lines[lang]), _CHUNK_LINES):
            found = words_by_line(lines[lang][start : start + _CHUNK_LINES])
            lookup = lookups[lang]
            new = set(found).difference(lookup)
            _learn(new, lang, stemmer, terms, surface[lang], word_ids[lang], word_term, lookup)
            stream = np.fromiter(map(lookup.__getitem__, found), dtype=np.int64, count=len(found))
            breaks = np.flatnonzero(stream == _BREAK)  # each line ends with a break
            streams.append(np.delete(stream, breaks))
            per_line = np.diff(breaks, prepend=-1) - 1  # words on each line
            owners.append(np.repeat(owner_of_line[start : start + len(breaks)], per_line))
    tok_word = np.concatenate(streams) if streams else np.zeros(0, dtype=np.int64)
    tok_passage = np.concatenate(owners) if owners else np.zeros(0, dtype=np.int64)
    # Word-level view for kb.semantic, function words included: a stem's forms ("card",
    # "cards") may mean different things, and "how" or "why" change what is asked.
    passage_words = _presence(tok_passage, tok_word, (len(passage_article), len(word_term)))
    word_terms = np.asarray(word_term, dtype=np.int64)
    tok_term = word_terms[tok_word]
    content = tok_term >= 0
    return _assemble(
        len(articles), terms, surface, word_ids, passage_words, word_terms, tuple(a.lang for a in articles),
        tok_term[content], tok_passage[content], passage_article,
        np.fromiter(fields, dtype=np.int8, count=len(fields)), np.cumsum(counts) - counts,
    )


def _presence(tok_passage: IntArray, tok_word: IntArray, shape: tuple[int, int]) -> WordPresence:
    """The passage x word matrix, 1 where the passage has the word."""
    return WordPresence.of(tok_passage, tok_word, shape)


def _learn(
    new: set[str], lang: str, stemmer: Stemmer, terms: dict[str, dict[str, int]], surface: dict[str, str],
    word_ids: dict[str, int], word_term: list[int], lookup: dict[str, int],
) -> None:
    """Adds new folded words to `lookup` and `word_ids`: their word id, whose term is
    word_term[id], -1 for a function word (a stop word or a single letter).

    Function words come first, then content words, each in alphabetical order; new stems get
    term ids in the order their first word comes.
    """
    content = new.difference(stop_words(lang), _ONE_CHARACTER)
    function_words = sorted(new.difference(content))
    content_words = sorted(content)
    first = len(word_term)
    word_term += [-1] * len(function_words)
    stems = stemmer.stem_many(content_words, lang)
    surface.update(zip(content_words, stems, strict=False))
    # Ids are shared by all languages: they continue after the terms seen so far.
    lang_terms = terms[lang]
    new_stems = dict.fromkeys(stems)
    for stem in new_stems.keys() & lang_terms.keys():
        del new_stems[stem]
    lang_terms.update(zip(new_stems, itertools.count(sum(len(t) for t in terms.values()))))
    word_term += map(lang_terms.__getitem__, stems)
    ids = dict(zip([*function_words, *content_words], itertools.count(first)))
    word_ids.update(ids)
    lookup.update(ids)


def _assemble(
    n: int, terms: dict[str, dict[str, int]], surface: dict[str, dict[str, str]], word_ids: dict[str, dict[str, int]],
    passage_words: WordPresence, word_term: IntArray, langs: tuple[str, ...],
    tok_term: IntArray, tok_passage: IntArray, passage_article: npt.NDArray[np.int32],
    passage_field: npt.NDArray[np.int8], first_passage: IntArray,
) -> Index:
    n_terms = sum(len(t) for t in terms.values())
    n_passages = len(passage_article)
    tok_passage = tok_passage[_term_order(tok_term, n_terms)]
    # Sorted, the terms are each id repeated as often as it occurs: cheaper than gathering them.
    tok_term = np.repeat(np.arange(n_terms), np.bincount(tok_term, minlength=n_terms))
    tok_article = passage_article[tok_passage]

    new_doc = _starts(tok_term, tok_article)
    doc_term = tok_term[new_doc]
    df = np.bincount(doc_term, minlength=n_terms).astype(np.float64)
    idf = idf_of(df, n)

    # BM25F: every occurrence adds weight / length-norm of its field in its article. Both depend
    # on the passage only: they are computed per passage, then spread over its occurrences.
    n_fields = len(Field)
    p_count = np.bincount(tok_passage, minlength=n_passages)
    p_slot = passage_article.astype(np.int64) * n_fields + passage_field
    field_len = np.bincount(p_slot, weights=p_count, minlength=n * n_fields).astype(np.int64).reshape(n, n_fields)
    avg_len = field_len.sum(axis=0) / np.maximum((field_len > 0).sum(axis=0), 1)
    weight = np.array([FIELD_WEIGHT[Field(f)] for f in range(n_fields)])
    b = np.array([FIELD_B[Field(f)] for f in range(n_fields)])
    norm = (1.0 - b + b * field_len / np.maximum(avg_len, 1e-9)).ravel()
    p_value = weight[passage_field] / norm[p_slot]
    docs = _postings(doc_term, tok_article[new_doc], p_value[tok_passage], new_doc, n_terms, idf)

    # Passages: plain BM25, lengths in content words.
    p_len = p_count.astype(np.float64)
    p_norm = 1.0 - PASSAGE_B + PASSAGE_B * p_len / max(float(p_len.mean()) if n_passages else 1.0, 1e-9)
    new_passage = _starts(tok_term, tok_passage)
    passage_term = tok_term[new_passage]
    passages = _postings(passage_term, tok_passage[new_passage], (1.0 / p_norm)[tok_passage], new_passage, n_terms, idf)

    # Idf mass of the distinct words of each passage, for a coverage measure at query time.
    passage_norm = np.bincount(tok_passage[new_passage], weights=idf[passage_term], minlength=n_passages)
    return Index(
        n_articles=n, terms=terms, surface=surface, word_ids=word_ids, passage_words=passage_words,
        word_term=word_term, idf=idf, article_lang=langs,
        lang_articles={lang: np.asarray([x == lang for x in langs], dtype=bool) for lang in set(langs)}, docs=docs,
        passages=passages, passage_article=passage_article, passage_field=passage_field,
        passage_norm=passage_norm.astype(np.float32), first_passage=first_passage,
    )


def _term_order(tok_term: IntArray, n_terms: int) -> IntArray:
    """The stable order of occurrences by term, which is also by (term, passage): occurrences
    come language by language in passage order, and a term belongs to one language.

    NumPy's stable sort is a radix sort on 16-bit keys, several times faster than its timsort
    on wider ones: more terms than that are sorted 16 bits at a time, low half first.
    """
    if n_terms <= 1 << 16:
        return np.argsort(tok_term.astype(np.uint16), kind="stable")
    order = np.argsort(tok_term.astype(np.uint16), kind="stable")  # the low 16 bits
    high = (tok_term[order] >> 16).astype(np.uint16)  # term ids are below 2**32
    return order[np.argsort(high, kind="stable")]


def _starts(major: IntArray, minor: AnyIntArray) -> npt.NDArray[np.bool_]:
    """Where a new (major, minor) pair begins in arrays sorted by that pair."""
    start = np.ones(len(major), dtype=bool)
    if len(major) > 1:
        start[1:] = (major[1:] != major[:-1]) | (minor[1:] != minor[:-1])
    return start


def _postings(
    term: IntArray, unit: AnyIntArray, value: npt.NDArray[np.float64], starts: npt.NDArray[np.bool_],
    n_terms: int, idf: FloatArray,
) -> Postings:
    """Postings from sorted occurrences: `starts` marks the first occurrence of each (term, unit)."""
    tf = np.add.reduceat(value, np.flatnonzero(starts)) if len(value) else value.copy()
    impact = idf[term] * tf  # idf * tf * (K1 + 1) / (tf + K1), in place
    impact *= K1 + 1.0
    tf += K1
    impact /= tf
    ptr = np.zeros(n_terms + 1, dtype=np.int64)
    np.cumsum(np.bincount(term, minlength=n_terms), out=ptr[1:])
    return Postings(ptr=ptr, ids=unit.astype(np.int32), impact=impact.astype(np.float32))
