"""Fixtures shared by the whole suite: the built gazetteer, the shared data and the seeds."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from incidentmap.gazetteer import Gazetteer

REPO = Path(__file__).resolve().parents[1]
SHARED = REPO.parent / "shared"


@pytest.fixture(scope="session")
def shared_dir() -> Path:
    if not SHARED.is_dir():
        pytest.skip("../shared (seeds, gold annotations, raw data) is not beside the checkout")
    return SHARED


@pytest.fixture(scope="session")
def gazetteer_cache(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return tmp_path_factory.mktemp("gazetteer-cache")


@pytest.fixture(scope="session")
def gazetteer(gazetteer_cache: Path) -> Gazetteer:
    """The bundled gazetteer, built once per test session into a temporary cache."""
    return Gazetteer.load(cache_dir=gazetteer_cache)


@pytest.fixture(scope="session")
def seed_gold(shared_dir: Path) -> list[dict[str, Any]]:
    with (shared_dir / "eval" / "seeds-gold.jsonl").open(encoding="utf-8") as fh:
        return [json.loads(line) for line in fh if line.strip()]
