"""model/, store/ and sources/ must not depend on Textual: they are shared by
the UI, the CLI exports and offline review."""

import pkgutil
import subprocess
import sys

import tui.model
import tui.sources
import tui.store


def test_core_layers_import_without_textual_or_heavy_clients() -> None:
    modules = [
        f"{package.__name__}.{info.name}"
        for package in (tui.model, tui.store, tui.sources)
        for info in pkgutil.iter_modules(package.__path__)
    ]
    assert len(modules) >= 10
    code = (
        "import importlib, sys\n"
        f"for name in {modules!r}: importlib.import_module(name)\n"
        "bad = [m for m in ('textual', 'kubernetes', 'prometheus_api_client', 'pandas')"
        " if m in sys.modules]\n"
        "print(','.join(bad))\n"
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                            check=True)
    assert result.stdout.strip() == ""
