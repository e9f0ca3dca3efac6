"""The import graph keeps its layers (issue 26): every `import` in tui/,
at module level, inside functions and under TYPE_CHECKING alike, read
with `ast` (import-linter's contracts see module-level imports only, and
Warroom imports its heavy modules inside functions on purpose)."""

from __future__ import annotations

import ast
from pathlib import Path

import tui

ROOT = Path(tui.__file__).parent
# Top-level modules allowed outside a layer's folder.
TOP = {"tui", "tui.__main__", "tui.app"}
# What each layer may import, lowest first. cli and app put everything
# together (the composition root); nothing imports them but each other.
ALLOWED: dict[str, set[str]] = {
    "model": set(),
    "store": {"model"},
    "sources": {"model"},
    "actions": {"model", "store"},
    # The stats export reads the store it is given.
    "render": {"model", "store"},
    # The config fills the sources' settings; an export writes what the
    # store holds, rendered.
    "files": {"model", "sources", "store", "render"},
    "ui": {"model", "files", "render", "actions"},
    "widgets": {"model", "ui", "files", "render"},
    "screens": {"model", "ui", "widgets", "actions", "files", "render", "sources"},
    "cli": {"model", "store", "sources", "actions", "render", "files", "ui", "widgets",
            "screens", "app"},
    "app": {"model", "store", "sources", "actions", "render", "files", "ui", "widgets",
            "screens", "cli"},
}
# Named exceptions, each with its reason. A new one needs one too.
EXCEPTIONS = {
    # The context a screen is given holds the store and the sources it is
    # built with (types only: screens reach them through actions and feeds).
    ("tui.ui.context", "store"): "the composition object carries the Store",
    ("tui.ui.context", "sources"): "the composition object carries the sources",
    # A failed worker said in words: a source's error, as the feeds say it.
    ("tui.ui.workers", "sources"): "tui.sources.describe_error",
    # The collector is settled before a big list is read (a thread, not Textual).
    ("tui.sources.kubernetes", "ui"): "tui.ui.heap around a big first list",
    # The first screen shows what the header-first start read.
    ("tui.screens.first", "cli"): "FirstLook, the incident read before the war room",
}


def layer(module: str) -> str:
    if module in TOP or module == "tui.__version__":
        return "app"
    return module.split(".")[1]


def module_name(path: Path) -> str:
    parts = path.relative_to(ROOT.parent).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def imports(path: Path) -> set[str]:
    found: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            found.add(node.module)
            # `from tui import actions` names a module as its member.
            for alias in node.names:
                place = ROOT.parent / f"{node.module}.{alias.name}".replace(".", "/")
                if place.is_dir() or place.with_suffix(".py").exists():
                    found.add(f"{node.module}.{alias.name}")
    return {name for name in found if name == "tui" or name.startswith("tui.")}


def test_every_module_sits_in_a_layer() -> None:
    loose = [module_name(path) for path in ROOT.glob("*.py")
             if module_name(path) not in TOP]
    assert loose == [], "modules at the top of tui/ say no layer: " + ", ".join(loose)
    folders = {path.name for path in ROOT.iterdir()
               if path.is_dir() and (path / "__init__.py").exists()}
    assert folders <= set(ALLOWED), folders - set(ALLOWED)


def test_no_layer_imports_above_itself() -> None:
    broken = []
    for path in sorted(ROOT.rglob("*.py")):
        module = module_name(path)
        own = layer(module)
        for target in sorted(imports(path)):
            other = layer(target) if target != "tui" else own
            if other == own or other in ALLOWED[own] or (module, other) in EXCEPTIONS:
                continue
            broken.append(f"{module} ({own}) imports {target} ({other})")
    assert broken == [], "\n".join(broken)


def test_the_contract_sees_imports_inside_functions(tmp_path: Path) -> None:
    """The reader is not blind where Warroom hides its heavy imports."""
    source = tmp_path / "probe.py"
    source.write_text("def later():\n    from tui.screens.warroom import WarroomScreen\n"
                      "if False:\n    import tui.store.database\n", encoding="utf-8")
    assert imports(source) == {"tui.screens.warroom", "tui.store.database"}


def test_every_exception_is_still_needed() -> None:
    used = set()
    for path in ROOT.rglob("*.py"):
        module = module_name(path)
        for target in imports(path):
            if target != "tui":
                used.add((module, layer(target)))
    assert set(EXCEPTIONS) <= used, set(EXCEPTIONS) - used
