"""Fixtures for the incident-file reader: files written to a temporary folder, the example."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from textwrap import dedent

import pytest

REPO = Path(__file__).resolve().parents[2]


@pytest.fixture
def write_file(tmp_path: Path) -> Callable[..., Path]:
    """Write text (dedented) or bytes to a file in a temporary folder and return its path."""

    def write(content: str | bytes, name: str = "incidents.yaml") -> Path:
        path = tmp_path / name
        if isinstance(content, bytes):
            path.write_bytes(content)
        else:
            path.write_text(dedent(content).lstrip("\n"), encoding="utf-8")
        return path

    return write


@pytest.fixture(scope="session")
def example_path() -> Path:
    return REPO / "examples" / "syria-deconfliction-2016-2017.yaml"


@pytest.fixture(scope="session")
def schema_path() -> Path:
    return REPO / "schema" / "incident-file.schema.json"
