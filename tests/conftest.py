"""Shared test helpers: where the project's data and the team's shared folder are."""
from __future__ import annotations

import json
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
DATA = ROOT / "data"
SHARED = ROOT.parent / "shared"


def labels(path: Path) -> dict:
    return json.loads(path.read_text(encoding="utf-8"))


def shared_folder(name: str) -> Path:
    """A folder of ../shared, or a clean skip when this checkout has no shared folder beside it."""
    folder = SHARED / name
    if not folder.is_dir():
        pytest.skip(f"../shared/{name} is not present on this machine")
    return folder


@pytest.fixture(autouse=True, scope="session")
def _own_parse_cache(tmp_path_factory):
    """Tests never share the user's parse cache (nor leave one behind)."""
    import os

    os.environ["NIANBAO_CACHE"] = str(tmp_path_factory.mktemp("parse-cache"))


@pytest.fixture(autouse=True, scope="session")
def _own_home_for_the_session(tmp_path_factory):
    """Servers a test starts (module fixtures) never read the user's own reports folder."""
    import os

    home = tmp_path_factory.mktemp("nianbao-home")
    os.environ["NIANBAO_HOME"] = str(home)
    os.environ["XDG_DATA_HOME"] = str(home / "xdg")


@pytest.fixture(autouse=True)
def _own_home(monkeypatch, tmp_path_factory):
    """Each test has an empty default reports folder of its own: uploads by one test never reach the
    next (which would then show those reports instead of the sample), nor the real home."""
    home = tmp_path_factory.mktemp("home")
    monkeypatch.setenv("NIANBAO_HOME", str(home))
    monkeypatch.setenv("XDG_DATA_HOME", str(home / "xdg"))
