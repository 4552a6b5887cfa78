"""The layers import downwards only: bot → handlers → replies → knowledge; db → knowledge."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
# What each package may import of the project's own packages.
ALLOWED = {
    "bot": {"bot", "handlers", "replies", "knowledge", "db"},
    "handlers": {"handlers", "replies", "knowledge", "db"},
    "replies": {"replies", "knowledge"},
    "knowledge": {"knowledge"},
    "db": {"db", "knowledge"},
}


def _imports(path: Path) -> set[str]:
    names: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            names.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            names.add(node.module)
    return names


@pytest.mark.parametrize("package", sorted(ALLOWED))
def test_a_package_imports_only_its_own_layer_and_those_below(package: str) -> None:
    wrong = []
    for path in sorted((ROOT / package).glob("*.py")):
        for name in _imports(path):
            top = name.split(".")[0]
            if top in ALLOWED and top not in ALLOWED[package]:
                wrong.append(f"{path.name}: {name}")
    assert wrong == []


def test_the_reply_layer_uses_no_routers_or_storage() -> None:
    for path in (ROOT / "replies").glob("*.py"):
        for name in _imports(path):
            assert not name.startswith(("aiogram.dispatcher", "aiogram.fsm", "db")), path.name
            assert name != "aiogram" or path.name == "__init__.py", path.name


def test_the_app_and_the_terminal_do_not_import_each_other() -> None:
    assert "bot.app" not in _imports(ROOT / "bot" / "terminal.py")
