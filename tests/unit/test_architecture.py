"""The core knows nothing of the UI, the CLI or Textual (STYLE.md)."""

from __future__ import annotations

import ast
import subprocess
import sys
from pathlib import Path

import tui_reader.core

FORBIDDEN = ("textual", "tui_reader.ui", "tui_reader.cli")


def _imports(path: Path) -> set[str]:
    names: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            names.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module:
            names.add(node.module)
    return names


def test_no_core_module_imports_the_ui() -> None:
    core = Path(tui_reader.core.__file__).parent
    modules = sorted(core.glob("*.py"))
    assert len(modules) > 5
    for module in modules:
        for name in _imports(module):
            assert not name.startswith(FORBIDDEN), f"{module.name} imports {name}"


def test_importing_the_core_does_not_load_textual() -> None:
    code = (
        "import sys, pkgutil, importlib, tui_reader.core as c\n"
        "for m in pkgutil.iter_modules(c.__path__):\n"
        "    importlib.import_module('tui_reader.core.' + m.name)\n"
        "print(sorted(n for n in sys.modules if n.startswith(('textual', 'tui_reader.ui'))))\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True
    )
    assert result.stdout.strip() == "[]"
