"""Where reports live: the reviewer's own reports folder, and the bundled sample (read-only).

The reviewer's folder is `--reports DIR` (after `streamlit run app.py --`), else $NIANBAO_REPORTS, else
`${NIANBAO_HOME:-${XDG_DATA_HOME:-~/.local/share}/nianbao}/reports` — outside the checkout, so uploads
never mix into the sample county nor leave the checkout dirty. The sample (`data/` of the checkout)
is only read.
"""
from __future__ import annotations

import os
from collections.abc import Mapping
from pathlib import Path

from .sources import is_report_name

SAMPLE_FOLDER = Path(__file__).resolve().parent.parent / "data"
REPORTS_ENV = "NIANBAO_REPORTS"
HOME_ENV = "NIANBAO_HOME"


def user_data_dir(environ: Mapping[str, str] | None = None) -> Path:
    """The tool's own folder for this user: $NIANBAO_HOME, else $XDG_DATA_HOME/nianbao, else
    ~/.local/share/nianbao (the XDG base directory default)."""
    environ = os.environ if environ is None else environ
    if environ.get(HOME_ENV):
        return Path(environ[HOME_ENV]).expanduser()
    data_home = environ.get("XDG_DATA_HOME") or "~/.local/share"
    return Path(data_home).expanduser() / "nianbao"


def reports_folder(chosen: str | None = None, environ: Mapping[str, str] | None = None) -> Path:
    """The reviewer's reports folder (absolute): `chosen` (--reports), else $NIANBAO_REPORTS, else the
    default under user_data_dir(). Uploads go here; it need not exist yet."""
    environ = os.environ if environ is None else environ
    folder = chosen or environ.get(REPORTS_ENV) or user_data_dir(environ) / "reports"
    return Path(folder).expanduser().resolve()


def is_chosen(chosen: str | None = None, environ: Mapping[str, str] | None = None) -> bool:
    """True when the reviewer named the folder (--reports or $NIANBAO_REPORTS) rather than taking the default."""
    environ = os.environ if environ is None else environ
    return bool(chosen or environ.get(REPORTS_ENV))


def is_sample_folder(folder: Path) -> bool:
    """True when the folder is the bundled sample data (data/ or a folder inside it)."""
    return Path(folder).resolve().is_relative_to(SAMPLE_FOLDER.resolve())


def holds_reports(folder: Path) -> bool:
    """True when the folder (or one inside it) holds at least one report file; stops at the first."""
    for root, dirs, files in os.walk(folder):
        dirs[:] = [d for d in dirs if not d.startswith(".")]
        if any(is_report_name(name) for name in files):
            return True
    return False
