"""Layers: the app packages do not reach into the web package (only the CLI, which starts the
web system, and the web package itself may import ``tumbuh.web``)."""

from __future__ import annotations

import ast
from pathlib import Path

PACKAGE = Path(__file__).resolve().parents[1] / "src" / "tumbuh"
#: Packages allowed to import ``tumbuh.web``: itself, and the command that serves it.
MAY_IMPORT_WEB = frozenset({"web", "cli"})


def _imported(path: Path) -> set[str]:
    names: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"), filename=str(path))):
        if isinstance(node, ast.Import):
            names.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            names.add(node.module)
            names.update(f"{node.module}.{alias.name}" for alias in node.names)
    return names


def _imports_web(path: Path) -> bool:
    return any(name == "tumbuh.web" or name.startswith("tumbuh.web.") for name in _imported(path))


def test_no_app_package_imports_the_web_package() -> None:
    offenders = [
        str(path.relative_to(PACKAGE))
        for path in sorted(PACKAGE.rglob("*.py"))
        if path.relative_to(PACKAGE).parts[0] not in MAY_IMPORT_WEB and _imports_web(path)
    ]
    assert offenders == []


def test_the_check_sees_an_import_of_the_web_package(tmp_path: Path) -> None:
    module = tmp_path / "module.py"
    module.write_text("from tumbuh import web\nfrom tumbuh.env import data_dir\n")
    assert _imports_web(module)
    module.write_text("import tumbuh.webhooks\nfrom tumbuh.accounts import admin_site\n")
    assert not _imports_web(module)
