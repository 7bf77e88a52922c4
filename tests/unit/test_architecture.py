"""The core knows nothing of the UI, the CLI or Textual (STYLE.md)."""

from __future__ import annotations

import ast
import subprocess
import sys
from pathlib import Path

from platformdirs import user_cache_path, user_data_path

import tui_reader.core
from tui_reader import paths

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
    modules = sorted(core.rglob("*.py"))
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


DATA_WHILE_IMPORTING = paths.data_dir()
CACHE_WHILE_IMPORTING = paths.cache_dir()


def test_module_level_code_of_the_tests_never_sees_the_real_user_folders() -> None:
    from conftest import SESSION_SANDBOX

    for seen in (DATA_WHILE_IMPORTING, CACHE_WHILE_IMPORTING):
        assert seen.is_relative_to(SESSION_SANDBOX)
        assert not seen.is_relative_to(user_data_path(paths.APP_NAME))
        assert not seen.is_relative_to(user_cache_path(paths.APP_NAME))


def test_pure_modules_load_no_storage_and_no_platformdirs() -> None:
    """The layer import-linter enforces (pyproject.toml), checked at run time too: importing
    every pure module loads no store, no user-folder lookup and no Textual."""
    import tomllib

    from conftest import REPO_DIR

    settings = tomllib.loads((REPO_DIR / "pyproject.toml").read_text(encoding="utf-8"))
    [contract] = [
        c
        for c in settings["tool"]["importlinter"]["contracts"]
        if c["name"].startswith("Pure code")
    ]
    assert len(contract["source_modules"]) > 20
    code = (
        "import importlib, sys\n"
        f"for name in {contract['source_modules']!r}:\n"
        "    importlib.import_module(name)\n"
        f"print(sorted(n for n in {contract['forbidden_modules']!r} if n in sys.modules))\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True
    )
    assert result.stdout.strip() == "[]"
