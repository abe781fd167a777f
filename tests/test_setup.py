"""The README's two set-up commands, and CI running the second of them word for word."""
from __future__ import annotations

import importlib.util
import tomllib

from conftest import ROOT
from loaders.upload import MAX_UPLOAD_MB


def _setup_commands() -> list[str]:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    block = readme.split("```", 2)[1]
    return [line for line in block.splitlines() if line.strip()]


def test_the_readme_opens_with_two_commands_in_a_virtual_environment():
    app, tests = _setup_commands()
    for command in (app, tests):
        assert command.startswith("python3 -m venv .venv && .venv/bin/pip install -r requirements")
        assert "python3 -m pip" not in command  # the system Python refuses pip on Debian and Ubuntu
    assert app.endswith(".venv/bin/python -m streamlit run app.py")
    assert tests.endswith(".venv/bin/python -m pytest -q")


def test_ci_runs_the_readmes_test_command():
    _, tests = _setup_commands()
    ci = (ROOT / ".ci" / "run").read_text(encoding="utf-8")
    assert tests in [line.strip() for line in ci.splitlines()]


def test_the_shipped_config_asks_nothing_and_caps_uploads_at_the_apps_limit():
    config = tomllib.loads((ROOT / ".streamlit" / "config.toml").read_text(encoding="utf-8"))
    assert config["server"]["showEmailPrompt"] is False
    assert config["browser"]["gatherUsageStats"] is False
    assert config["server"]["maxUploadSize"] == MAX_UPLOAD_MB


def test_ci_starts_the_app_with_the_readmes_first_command_on_a_fresh_copy():
    """.ci/run runs .ci/first_run.py, which takes the README's first command word for word (the run
    itself installs packages, so it is CI's step, not a test: the tests stay offline)."""
    app, _ = _setup_commands()
    ci = [line.strip() for line in (ROOT / ".ci" / "run").read_text(encoding="utf-8").splitlines()]
    assert "python3 .ci/first_run.py" in ci
    spec = importlib.util.spec_from_file_location("first_run", ROOT / ".ci" / "first_run.py")
    first_run = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(first_run)
    assert first_run.readme_first_command() == app


def test_the_readme_names_every_column_of_the_three_frames():
    import loaders

    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    section = readme.split("## The frames", 1)[1].split("\n## ", 1)[0]
    empty = loaders.load([], cache=False)
    for name in ("facts", "reports", "checks"):
        part = section.split(f"- `{name}`", 1)[1].split("\n- `", 1)[0]
        missing = [c for c in getattr(empty, name).columns if f"`{c}`" not in part]
        assert not missing, f"README's {name} lacks {missing}"
