import logging
from collections.abc import Callable
from pathlib import Path

import pytest

from kb.library import KnowledgeBase

NEW = "---\ntitle: Configure the VPN client\nlang: en\n---\nInstall the VPN client and sign in.\n"


def test_reload_after_a_file_is_added(kb_folder: Path, make_article: Callable[[Path, str, str], Path]) -> None:
    kb = KnowledgeBase(kb_folder, reload_interval=0)
    assert len(kb.articles) == 4
    assert kb.search("configure vpn client") == []
    make_article(kb_folder, "vpn", NEW)
    assert [hit.article.id for hit in kb.search("configure vpn client")] == ["vpn"]
    assert kb.get("vpn") is not None and len(kb.articles) == 5


def test_no_rescan_within_the_interval(kb_folder: Path, make_article: Callable[[Path, str, str], Path]) -> None:
    now = [0.0]
    kb = KnowledgeBase(kb_folder, reload_interval=2.0, clock=lambda: now[0])
    make_article(kb_folder, "vpn", NEW)
    now[0] = 1.0
    assert kb.get("vpn") is None
    now[0] = 2.5
    assert kb.get("vpn") is not None


def test_broken_file_keeps_valid_articles_and_logs(
    kb_folder: Path, make_article: Callable[[Path, str, str], Path], caplog: pytest.LogCaptureFixture
) -> None:
    kb = KnowledgeBase(kb_folder, reload_interval=0)
    make_article(kb_folder, "broken", "no front matter here")
    with caplog.at_level(logging.WARNING, logger="kb.library"):
        assert len(kb.articles) == 4
    assert "broken.md" in caplog.text and "missing front matter" in caplog.text


def test_threshold_is_applied(kb_folder: Path) -> None:
    assert KnowledgeBase(kb_folder, min_confidence=1.01).search("mot de passe oublié") == []
    assert KnowledgeBase(kb_folder).search("mot de passe oublié")[0].article.id == "mot-de-passe-oublie"
