"""The core's shape, as issue 11 asks it: the desk talks to its collaborators, never through them,
and no module of the core grows past what a reader takes in at once."""

from __future__ import annotations

import ast
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
LINE_LIMIT = 270  # "about 250": a module past this is split, not stretched


def _chain_depth(node: ast.expr) -> int:
    depth = 0
    while isinstance(node, ast.Attribute):
        depth, node = depth + 1, node.value
    return depth


def test_the_desk_calls_its_collaborators_not_their_parts() -> None:
    tree = ast.parse((ROOT / "bot" / "desk.py").read_text(encoding="utf-8"))
    reached = [ast.unparse(call.func) for call in ast.walk(tree)
               if isinstance(call, ast.Call) and _chain_depth(call.func) >= 3]
    assert reached == [], f"bot/desk.py reaches through other objects: {reached}"


def test_no_core_module_is_too_long_to_read() -> None:
    long = {str(path.relative_to(ROOT)): n for package in ("bot", "kb") for path in (ROOT / package).rglob("*.py")
            if "migrations" not in path.parts and (n := len(path.read_text(encoding="utf-8").splitlines())) > LINE_LIMIT}
    assert long == {}, f"core modules over {LINE_LIMIT} lines: {long}"
