"""Where things live: the bundled demo data and the user's data directory."""

from __future__ import annotations

from pathlib import Path

_PACKAGE = Path(__file__).parent.parent  # tui/, this module being in tui/files/


def bundled(name: str) -> Path:
    """A top-level data folder (`sample_data`, `themes`): inside the package in
    an installed wheel, at the repository root in a checkout."""
    installed = _PACKAGE / "_bundled" / name
    return installed if installed.is_dir() else _PACKAGE.parent / name


def default_database() -> Path:
    from platformdirs import user_data_path

    return user_data_path("warroom", appauthor=False) / "warroom.db"
