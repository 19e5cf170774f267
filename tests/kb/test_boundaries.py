"""kb/ is a library of the core: it never reaches for a chat platform or an adapter."""

import ast
from pathlib import Path

FORBIDDEN = ("slack_bolt", "slack_sdk", "telegram", "adapters", "bot")


def test_kb_imports_no_platform_nor_bot_code() -> None:
    root = Path(__file__).resolve().parents[2] / "kb"
    for path in root.glob("*.py"):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            names = [a.name for a in node.names] if isinstance(node, ast.Import) else []
            if isinstance(node, ast.ImportFrom) and node.module:
                names = [node.module]
            for name in names:
                assert name.split(".")[0] not in FORBIDDEN, f"{path.name} imports {name}"
