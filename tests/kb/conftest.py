"""A tiny bilingual knowledge base written to tmp_path, shared by the kb tests."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

ARTICLES = {
    "mot-de-passe-oublie": """---
title: "Mot de passe oublié : le réinitialiser"
lang: fr
tags: [compte, connexion]
questions:
  - "j'ai oublié mon mot de passe"
  - "le lien de réinitialisation ne fonctionne pas"
---
## Réinitialiser
1. Sur la page de connexion, cliquez sur **Mot de passe oublié**.
2. Ouvrez l'e-mail reçu et suivez le lien, valable 30 minutes.
""",
    "imprimante": """---
title: "L'imprimante n'imprime rien"
lang: fr
tags: [impression]
questions:
  - "rien ne sort de l'imprimante"
---
Vérifiez l'imprimante sélectionnée puis videz la file d'attente d'impression.
Si la page est coupée, choisissez le format A4 et l'échelle 100 %.
""",
    "forgotten-password": """---
title: "Forgotten password: reset it"
lang: en
questions:
  - "I forgot my password"
---
On the sign-in page, click **Forgot password** and follow the link in the e-mail you receive.
""",
    "export-pdf": """---
title: "Export a report to PDF"
lang: en
tags: [export, pdf]
---
Open the report, then choose *File > Export* and pick the [PDF format](https://example.com/pdf).
The exported file lands in your Downloads folder.
""",
}


def write_article(folder: Path, name: str, text: str) -> Path:
    path = folder / f"{name}.md"
    path.write_text(text, encoding="utf-8")
    return path


@pytest.fixture
def kb_folder(tmp_path: Path) -> Path:
    folder = tmp_path / "articles"
    folder.mkdir()
    for name, text in ARTICLES.items():
        write_article(folder, name, text)
    return folder


@pytest.fixture
def make_article() -> Callable[[Path, str, str], Path]:
    return write_article
