"""The house's layers, checked on the imports each module really makes (an AST walk, no import).

i18n (texts and formats) at the bottom, which everyone may import; monitoring (the domain) imports
no Dash, no ui and no data_loaders; data_loaders reads workbooks into the domain's model; exports
writes workbooks from the core's figures (i18n and monitoring only, no Dash, no Flask); ui asks
the core through ui.service only; callbacks and pages go through ui.
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
PROJECT = {"i18n", "monitoring", "data_loaders", "ui", "callbacks", "pages", "settings", "app", "exports"}
#: the project packages each layer may import (besides itself); third-party imports are checked apart
ALLOWED = {
    "i18n": set(),
    "monitoring": {"i18n"},
    "data_loaders": {"i18n", "monitoring", "settings"},
    "ui": {"i18n", "monitoring", "data_loaders", "settings", "exports"},
    "callbacks": {"i18n", "ui"},
    "pages": {"i18n", "ui"},
    "exports": {"i18n", "monitoring"},
}
#: third-party packages a layer must not import
FORBIDDEN_THIRD_PARTY = {
    "i18n": {"dash", "flask", "plotly", "dash_mantine_components", "dash_ag_grid", "pandas"},
    "monitoring": {"dash", "flask", "plotly", "dash_mantine_components", "dash_ag_grid", "openpyxl", "python_calamine"},
    "data_loaders": {"dash", "plotly", "dash_mantine_components", "dash_ag_grid"},
    "exports": {"dash", "flask", "werkzeug", "plotly", "dash_mantine_components", "dash_ag_grid"},
}
#: inside ui, only the service computes: views, charts, components and the shell never call the core directly
UI_MODULES_WITHOUT_CORE = ("ui/views", "ui/charts.py", "ui/components.py", "ui/shell.py", "ui/titles.py")
CORE_COMPUTING = {"monitoring.figures", "monitoring.aggregate", "monitoring.details", "monitoring.exposure",
                  "monitoring.timeline", "monitoring.prepared", "data_loaders"}  # fmt: skip


def imports_of(path: Path, root: Path = ROOT) -> set[str]:
    """The absolute module names a file imports (relative imports resolved against its package)."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    package = path.relative_to(root).with_suffix("").parts[:-1]
    out = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            out |= {alias.name for alias in node.names}
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                base = list(package[: len(package) - node.level + 1])
                name = ".".join([*base, node.module] if node.module else base)
            else:
                name = node.module or ""
            out.add(name)
            out |= {f"{name}.{alias.name}" for alias in node.names}
    return out


def files_of(layer: str) -> list[Path]:
    return sorted((ROOT / layer).rglob("*.py"))


@pytest.mark.parametrize("layer", sorted(ALLOWED))
def test_each_layer_imports_only_the_layers_below(layer):
    wrong = []
    for path in files_of(layer):
        for name in imports_of(path):
            top = name.split(".")[0]
            if top in PROJECT and top != layer and top not in ALLOWED[layer]:
                wrong.append(f"{path.relative_to(ROOT)} imports {name}")
            if top in FORBIDDEN_THIRD_PARTY.get(layer, ()):
                wrong.append(f"{path.relative_to(ROOT)} imports {name}")
    assert wrong == []


def test_only_the_service_asks_the_core():
    wrong = []
    for part in UI_MODULES_WITHOUT_CORE:
        target = ROOT / part
        for path in [target] if target.is_file() else sorted(target.rglob("*.py")):
            for name in imports_of(path):
                if any(name == c or name.startswith(c + ".") for c in CORE_COMPUTING):
                    wrong.append(f"{path.relative_to(ROOT)} imports {name}")
    assert wrong == []


def test_the_checker_sees_forbidden_imports(tmp_path):
    """The walk above is not vacuous: a monitoring module importing dash and ui is seen, relative imports too."""
    fake = tmp_path / "monitoring"
    fake.mkdir()
    (fake / "bad.py").write_text("import dash\nfrom ui import service\nfrom . import model\n", encoding="utf-8")
    names = imports_of(fake / "bad.py", tmp_path)
    assert {"dash", "ui", "ui.service", "monitoring", "monitoring.model"} <= names
