"""The layers of DESIGN.md: no module imports a layer above its own, and siblings stay apart."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parents[1] / "src" / "incidentmap"

#: Layer → the layers of ours it may import (DESIGN.md, "Layers and who may import whom").
#: ``sources`` may use ``text``: the design's ``text`` row says its phrase parsers serve both
#: ``extract`` and ``sources``.
ALLOWED: dict[str, set[str]] = {
    "errors": set(),
    "model": {"errors"},
    "text": {"errors", "model"},
    "geo": {"errors", "model"},
    "gazetteer": {"errors", "model", "text", "geo"},
    "extract": {"errors", "model", "text", "geo", "gazetteer"},
    "sources": {"errors", "model", "text", "geo", "gazetteer"},
    "export": {"errors", "model", "geo"},
}


#: Private modules that belong to a layer of the table.
ALIASES = {"_records": "model"}


def _layer(path: Path) -> str:
    rel = path.relative_to(PACKAGE)
    name = rel.parts[0].removesuffix(".py")
    return ALIASES.get(name, name)


def _imported_layers(path: Path) -> set[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    found: set[str] = set()
    for node in ast.walk(tree):
        names: list[str] = []
        if isinstance(node, ast.Import):
            names = [a.name for a in node.names]
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            names = [node.module]
        for name in names:
            parts = name.split(".")
            if parts[0] == "incidentmap" and len(parts) > 1:
                found.add(ALIASES.get(parts[1], parts[1]))
    return found


MODULES = sorted(p for p in PACKAGE.rglob("*.py") if _layer(p) in ALLOWED)


@pytest.mark.parametrize("path", MODULES, ids=lambda p: str(p.relative_to(PACKAGE)))
def test_module_imports_only_layers_below_it(path: Path) -> None:
    layer = _layer(path)
    others = _imported_layers(path) - {layer}
    assert others <= ALLOWED[layer], f"{layer} may not import {sorted(others - ALLOWED[layer])}"
