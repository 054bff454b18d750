"""The folders are the layers: core, storage and sound never import Textual, no module
imports from a layer above its own, and no two modules import each other in a circle."""

from __future__ import annotations

import ast
import subprocess
import sys
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parent.parent / "backtimer"

# Each folder may import from the folders listed for it (and from itself). core is the
# bottom; storage and sound stand on it side by side; ui uses all three; cli and the
# entry point sit on top.
LAYERS: dict[str, set[str]] = {
    "core": set(),
    "storage": {"core"},
    "sound": {"core"},
    "ui": {"core", "storage", "sound"},
    "cli": {"core", "storage", "sound", "ui"},
    "__main__": {"core", "storage", "cli"},
}
# Textual lives in ui/ and is reached from the `run` command only when the app starts.
UI_PACKAGES = ("backtimer.ui",)
UI = {"backtimer.cli.run"}


def _module_name(path: Path) -> str:
    parts = path.relative_to(PACKAGE.parent).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


MODULES = {_module_name(path): path for path in sorted(PACKAGE.rglob("*.py"))}


def _imports(name: str) -> set[str]:
    """Every backtimer module `name` imports anywhere in its file, typing-only ones too."""
    found: set[str] = set()
    for node in ast.walk(ast.parse(MODULES[name].read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module:
            for alias in node.names:
                full = f"{node.module}.{alias.name}"
                found.add(full if full in MODULES else node.module)
    return {other for other in found if other in MODULES and other not in {name, "backtimer"}}


GRAPH = {name: _imports(name) for name in MODULES}


def _folder(name: str) -> str:
    return name.split(".")[1] if name != "backtimer" else ""


def test_every_module_lives_in_a_layer() -> None:
    """No module is left loose beside the folders, where its layer would be unclear."""
    loose = [name for name in MODULES if name != "backtimer" and _folder(name) not in LAYERS]
    assert loose == []


@pytest.mark.parametrize("name", sorted(n for n in MODULES if n != "backtimer"))
def test_module_imports_only_from_its_layer_and_below(name: str) -> None:
    allowed = LAYERS[_folder(name)] | {_folder(name)}
    upward = sorted(other for other in GRAPH[name] if _folder(other) not in allowed)
    assert upward == [], f"{name} imports from a higher layer"


def test_an_upward_import_is_caught(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setitem(GRAPH, "backtimer.core.plan", GRAPH["backtimer.core.plan"] | {
        "backtimer.storage.paths"})
    with pytest.raises(AssertionError, match="higher layer"):
        test_module_imports_only_from_its_layer_and_below("backtimer.core.plan")


def _cycles() -> list[list[str]]:
    """Strongly connected groups of more than one module (Tarjan)."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    groups: list[list[str]] = []

    def visit(node: str) -> None:
        index[node] = low[node] = len(index)
        stack.append(node)
        for other in GRAPH[node]:
            if other not in index:
                visit(other)
                low[node] = min(low[node], low[other])
            elif other in stack:
                low[node] = min(low[node], index[other])
        if low[node] == index[node]:
            group = []
            while (top := stack.pop()) != node:
                group.append(top)
            if group:
                groups.append(sorted([*group, node]))

    for node in sorted(GRAPH):
        if node not in index:
            visit(node)
    return groups


def test_no_import_cycles() -> None:
    """Not even through an import inside a function or a typing-only one."""
    assert _cycles() == []


def test_the_cycle_finder_finds_a_cycle(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setitem(GRAPH, "backtimer.core.plan", GRAPH["backtimer.core.plan"] | {
        "backtimer.core.engine"})
    assert ["backtimer.core.engine", "backtimer.core.plan"] in _cycles()


def _pure_modules() -> list[str]:
    return [name for name in MODULES if name not in UI and not name.startswith(UI_PACKAGES)]


PURE = _pure_modules()

PRINTING_COMMANDS = [["routines"], ["validate", "foundation"], ["show", "foundation"]]


def textual_loaded_after(code: str) -> str:
    """Run `code` in a fresh interpreter and report whether Textual got imported."""
    probe = f"{code}\nimport sys\nprint('textual' in sys.modules)"
    result = subprocess.run(
        [sys.executable, "-c", probe], capture_output=True, text=True, timeout=60, check=False
    )
    assert result.returncode == 0, result.stderr
    return result.stdout.strip().splitlines()[-1]


def test_the_pure_core_is_found() -> None:
    """The discovery above sees the core modules, so the check below is not empty."""
    assert {
        "backtimer.core.engine", "backtimer.storage.history.reader", "backtimer.storage.loader",
    } <= set(PURE)


@pytest.mark.parametrize("name", PURE)
def test_module_does_not_import_textual(name: str) -> None:
    """Importing the module alone leaves Textual unloaded."""
    assert textual_loaded_after(f"import {name}") == "False"


@pytest.mark.parametrize("argv", [*PRINTING_COMMANDS, ["history"]], ids=lambda a: a[0])
def test_printing_command_runs_without_textual(argv: list[str]) -> None:
    """Running the command end to end (parser, every sub-command module) needs no Textual."""
    code = (
        "import contextlib, io\n"
        "from backtimer.__main__ import main\n"
        "with contextlib.redirect_stdout(io.StringIO()), contextlib.redirect_stderr(io.StringIO()):"
        f"\n    main({argv!r})"
    )
    assert textual_loaded_after(code) == "False"


def test_the_probe_does_see_textual() -> None:
    """The check itself works: importing the app does load Textual."""
    assert textual_loaded_after("import backtimer.ui.app") == "True"
