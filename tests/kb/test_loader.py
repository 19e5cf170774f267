from pathlib import Path

from kb.loader import load_folder

GOOD = "---\ntitle: Good\nlang: en\n---\nBody text.\n"


def _load_one(folder: Path, text: str | bytes) -> tuple[int, list[str]]:
    folder.mkdir(exist_ok=True)
    path = folder / "bad.md"
    if isinstance(text, bytes):
        path.write_bytes(text)
    else:
        path.write_text(text, encoding="utf-8")
    result = load_folder(folder)
    assert all(p.path == path for p in result.problems)
    return len(result.articles), [p.message for p in result.problems]


def test_loads_fields_and_defaults(kb_folder: Path) -> None:
    result = load_folder(kb_folder)
    assert result.problems == ()
    article = {a.id: a for a in result.articles}["mot-de-passe-oublie"]
    assert article.title == "Mot de passe oublié : le réinitialiser"
    assert article.lang == "fr"
    assert article.tags == ("compte", "connexion")
    assert article.questions[0] == "j'ai oublié mon mot de passe"
    assert article.path == kb_folder / "mot-de-passe-oublie.md"
    assert article.body.startswith("## Réinitialiser")


def test_missing_title(tmp_path: Path) -> None:
    assert _load_one(tmp_path / "kb", "---\nlang: en\n---\nBody\n") == (0, ["missing 'title' in front matter"])


def test_unknown_lang(tmp_path: Path) -> None:
    count, messages = _load_one(tmp_path / "kb", "---\ntitle: T\nlang: de\n---\nBody\n")
    assert count == 0 and messages[0].startswith("unknown lang 'de'")


def test_missing_front_matter(tmp_path: Path) -> None:
    count, messages = _load_one(tmp_path / "kb", "# Just markdown\n")
    assert count == 0 and "missing front matter" in messages[0]


def test_broken_front_matter(tmp_path: Path) -> None:
    count, messages = _load_one(tmp_path / "kb", "---\ntitle: [unclosed\nlang: en\n---\nBody\n")
    assert count == 0 and messages[0].startswith("broken front matter")


def test_unclosed_front_matter(tmp_path: Path) -> None:
    count, messages = _load_one(tmp_path / "kb", "---\ntitle: T\nlang: en\nBody\n")
    assert count == 0 and "not closed" in messages[0]


def test_empty_body(tmp_path: Path) -> None:
    count, messages = _load_one(tmp_path / "kb", "---\ntitle: T\nlang: en\n---\n  \n")
    assert count == 0 and messages[0].startswith("empty body")


def test_unreadable_file(tmp_path: Path) -> None:
    count, messages = _load_one(tmp_path / "kb", b"---\ntitle: \xff\xfe\nlang: en\n---\nBody\n")
    assert count == 0 and messages[0].startswith("cannot read the file")


def test_duplicate_id_names_both_files(tmp_path: Path) -> None:
    folder = tmp_path / "kb"
    folder.mkdir()
    (folder / "a.md").write_text("---\nid: same\ntitle: A\nlang: en\n---\nA\n", encoding="utf-8")
    (folder / "b.md").write_text("---\nid: same\ntitle: B\nlang: en\n---\nB\n", encoding="utf-8")
    result = load_folder(folder)
    assert [a.title for a in result.articles] == ["A"]
    (problem,) = result.problems
    assert problem.path == folder / "b.md"
    assert "duplicate id 'same'" in problem.message and str(folder / "a.md") in problem.message


def test_bad_article_does_not_stop_the_others(tmp_path: Path) -> None:
    folder = tmp_path / "kb"
    folder.mkdir()
    (folder / "good.md").write_text(GOOD, encoding="utf-8")
    (folder / "bad.md").write_text("no front matter", encoding="utf-8")
    (folder / "README.md").write_text("# How to write articles", encoding="utf-8")
    result = load_folder(folder)
    assert [a.id for a in result.articles] == ["good"]
    assert [p.path.name for p in result.problems] == ["bad.md"]


def test_missing_folder(tmp_path: Path) -> None:
    result = load_folder(tmp_path / "nowhere")
    assert result.articles == () and "not found" in result.problems[0].message
