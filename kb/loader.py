"""Reads a folder of markdown articles with YAML front matter.

A broken article never stops the others from loading: each problem is reported with its file
and a message a writer can act on, and the article is skipped.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

from kb.article import Article
from kb.text import LANGS


@dataclass(frozen=True)
class KbProblem:
    path: Path
    message: str

    def __str__(self) -> str:
        return f"{self.path}: {self.message}"


@dataclass(frozen=True)
class KbLoadResult:
    articles: tuple[Article, ...]
    problems: tuple[KbProblem, ...]


class _Invalid(Exception):
    """One article cannot be used; the message says why."""


def article_files(folder: Path) -> list[Path]:
    """The markdown files that are articles: hidden files and READMEs are not."""
    return sorted(
        path
        for path in folder.rglob("*.md")
        if path.is_file()
        and path.name.lower() != "readme.md"
        and not any(part.startswith(".") for part in path.relative_to(folder).parts)
    )


def load_folder(folder: Path) -> KbLoadResult:
    if not folder.is_dir():
        return KbLoadResult((), (KbProblem(folder, "knowledge-base folder not found"),))
    articles: list[Article] = []
    problems: list[KbProblem] = []
    first_file_of: dict[str, Path] = {}
    for path in article_files(folder):
        try:
            article = parse_article(path)
        except _Invalid as invalid:
            problems.append(KbProblem(path, str(invalid)))
            continue
        if article.id in first_file_of:
            other = first_file_of[article.id]
            problems.append(
                KbProblem(path, f"duplicate id '{article.id}': already used by {other}; this file is skipped")
            )
            continue
        first_file_of[article.id] = path
        articles.append(article)
    return KbLoadResult(tuple(articles), tuple(problems))


def parse_article(path: Path) -> Article:
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as error:
        raise _Invalid(f"cannot read the file ({error.__class__.__name__}: {error})") from error
    meta, body = _split_front_matter(text)
    title = _text(meta, "title")
    if not title:
        raise _Invalid("missing 'title' in front matter")
    lang = _text(meta, "lang")
    if not lang:
        raise _Invalid(f"missing 'lang' in front matter (expected one of: {', '.join(LANGS)})")
    if lang not in LANGS:
        raise _Invalid(f"unknown lang '{lang}' (expected one of: {', '.join(LANGS)})")
    if not body.strip():
        raise _Invalid("empty body: write the answer below the front matter")
    return Article(
        id=_text(meta, "id") or path.stem,
        title=title,
        lang=lang,
        body=body.strip(),
        tags=_strings(meta, "tags", comma_list=True),
        product=_text(meta, "product") or None,
        questions=_strings(meta, "questions"),
        url=_text(meta, "url") or None,
        path=path,
        meta=_flag(meta, "meta"),
    )


def _split_front_matter(text: str) -> tuple[dict[str, Any], str]:
    lines = text.lstrip("\ufeff").splitlines()
    if not lines or lines[0].strip() != "---":
        raise _Invalid("missing front matter: the file must start with a '---' line")
    try:
        end = next(i for i, line in enumerate(lines[1:], start=1) if line.strip() == "---")
    except StopIteration:
        raise _Invalid("front matter is not closed: add a '---' line after it") from None
    try:
        meta = yaml.safe_load("\n".join(lines[1:end]))
    except yaml.YAMLError as error:
        where = getattr(error, "problem_mark", None)
        line = f" at line {where.line + 2}" if where is not None else ""
        raise _Invalid(f"broken front matter: invalid YAML{line}") from error
    if not isinstance(meta, dict):
        raise _Invalid("broken front matter: expected 'key: value' lines")
    return meta, "\n".join(lines[end + 1 :])


def _text(meta: dict[str, Any], key: str) -> str:
    value = meta.get(key)
    if value is None:
        return ""
    if isinstance(value, (dict, list)):
        raise _Invalid(f"'{key}' in front matter must be a single value")
    return str(value).strip()


def _flag(meta: dict[str, Any], key: str) -> bool:
    value = meta.get(key, False)
    if not isinstance(value, bool):
        raise _Invalid(f"'{key}' in front matter must be true or false")
    return value


def _strings(meta: dict[str, Any], key: str, *, comma_list: bool = False) -> tuple[str, ...]:
    value = meta.get(key)
    if value is None:
        return ()
    if isinstance(value, str):
        # "tags: a, b" is a common shorthand for a list; a question may contain commas.
        parts = value.split(",") if comma_list else [value]
        return tuple(part.strip() for part in parts if part.strip())
    if isinstance(value, list) and all(isinstance(item, (str, int, float)) for item in value):
        return tuple(str(item).strip() for item in value if str(item).strip())
    raise _Invalid(f"'{key}' in front matter must be a list of texts")
