"""The layout rules of README's "What is here", read from the source with `ast`: imports
point one way along the layers, no app takes another's underscore name, modules stay
under 500 lines and functions under 80 (migrations aside)."""

from __future__ import annotations

import ast
from dataclasses import dataclass
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2] / "keyplan"

# An app may import only from apps on a lower layer (or itself); apps on one layer do
# not import each other. Modules at the package root (settings, urls, cli, navigation,
# wsgi) sit on top of everything.
LAYERS: dict[str, int] = {
    "core": 0,
    "users": 1,
    "accounts": 2,
    "sales": 3,
    "portfolio": 4,
    "plans": 5,
    "stakeholders": 6,
    "competition": 6,
    "execution": 7,
    "imports": 7,
    "economics": 8,
    "reports": 9,
    "portal": 10,
    "api": 11,
    "demo": 11,
}
TOP = 99
MAX_MODULE_LINES = 500
MAX_FUNCTION_LINES = 80


@dataclass(frozen=True)
class Import:
    path: Path
    line: int
    app: str
    target_app: str
    module: str
    names: tuple[str, ...]


def _app(path: Path) -> str:
    parts = path.relative_to(ROOT).parts
    return parts[0] if len(parts) > 1 else "(root)"


def _layer(app: str) -> int:
    return LAYERS.get(app, TOP)


def _sources() -> list[Path]:
    return sorted(p for p in ROOT.rglob("*.py") if "migrations" not in p.parts)


def _imports(path: Path) -> list[Import]:
    found = []
    for node in ast.walk(ast.parse(path.read_text(), str(path))):
        if isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            modules = [(node.module, tuple(a.name for a in node.names))]
        elif isinstance(node, ast.Import):
            modules = [(a.name, ()) for a in node.names]
        else:
            continue
        for module, names in modules:
            parts = module.split(".")
            if parts[0] == "keyplan" and len(parts) > 1:
                found.append(Import(path, node.lineno, _app(path), parts[1], module, names))
    return found


def _all_imports() -> list[Import]:
    return [imp for path in _sources() for imp in _imports(path)]


def _where(imp: Import) -> str:
    return f"{imp.path.relative_to(ROOT.parent)}:{imp.line} ({imp.module})"


def test_the_layers_name_every_app():
    apps = {p.name for p in ROOT.iterdir() if (p / "apps.py").exists()}
    assert apps <= set(LAYERS), f"give these apps a layer: {sorted(apps - set(LAYERS))}"


def test_imports_point_down_the_layers():
    against = [
        _where(imp)
        for imp in _all_imports()
        if imp.target_app != imp.app
        and (ROOT / imp.target_app).is_dir()
        and _layer(imp.target_app) >= _layer(imp.app)
    ]
    assert against == [], "imports against the layers:\n" + "\n".join(against)


def test_no_two_apps_import_each_other():
    edges = {(i.app, i.target_app) for i in _all_imports() if i.app != i.target_app}
    pairs = sorted({tuple(sorted(e)) for e in edges if (e[1], e[0]) in edges})
    assert pairs == []


def test_no_app_takes_another_apps_private_name():
    private = [
        _where(imp)
        for imp in _all_imports()
        if imp.target_app != imp.app
        and (
            any(part.startswith("_") for part in imp.module.split(".")[2:])
            or any(name.startswith("_") for name in imp.names)
        )
    ]
    assert private == [], "private names taken across apps:\n" + "\n".join(private)


def test_modules_stay_small():
    big = [
        f"{p.relative_to(ROOT.parent)}: {n} lines"
        for p in _sources()
        if (n := len(p.read_text().splitlines())) > MAX_MODULE_LINES
    ]
    assert big == [], f"modules over {MAX_MODULE_LINES} lines:\n" + "\n".join(big)


def test_functions_stay_short():
    long = []
    for path in _sources():
        for node in ast.walk(ast.parse(path.read_text(), str(path))):
            if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef):
                length = (node.end_lineno or node.lineno) - node.lineno + 1
                if length > MAX_FUNCTION_LINES:
                    long.append(f"{path.relative_to(ROOT.parent)}:{node.lineno} {node.name}")
    assert long == [], f"functions over {MAX_FUNCTION_LINES} lines:\n" + "\n".join(long)


# The checker itself: each rule catches what it is meant to.
@pytest.mark.parametrize(
    ("app", "target", "ok"),
    [
        ("plans", "accounts", True),
        ("accounts", "plans", False),
        ("stakeholders", "competition", False),
        ("core", "users", False),
        ("(root)", "api", True),
    ],
)
def test_layer_rule_examples(app, target, ok):
    assert (_layer(target) < _layer(app)) is ok
