"""The house's layers, checked on the imports each module really makes (an AST walk, no import).

i18n (texts and formats) at the bottom, which everyone may import; monitoring (the domain) imports
no Dash, no ui and no data_loaders; data_loaders reads workbooks into the domain's model; exports
writes workbooks from the core's figures (i18n and monitoring only, no Dash, no Flask); inside ui,
only ui.service asks the core (the others take the domain's types and its display rule by name,
never a computing function, never data_loaders), and ui's own modules stand on floors
(UI_FLOORS): a module imports only lower floors, so the export route never imports a view, a view
never imports the route, and there is no loop; callbacks and pages go through ui.
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
#: inside ui, only the service asks the core: any other ui module may take from monitoring only these names (the
#: domain's types and the display rule that writes its figures), and nothing from data_loaders
SERVICES = ("ui/service.py", "ui/list_service.py")  # the figures; the lists of operations' mapping step
UI_MAY_TAKE = {
    "monitoring.model": {"ProgrammeData", "PROJECT_STAGES", "PROGRAMME_IDS", "has_axes"},
    "monitoring.status": {"Status", "RateDisplay", "shown_text", "format_rate", "displayed_rate", "plain_shown",
                          "sides_of"},
    "monitoring.thresholds": {"Kpi", "KPI_AMOUNT", "KPI_RATE", "KPI_KEYS", "DecommitmentRule", "Thresholds"},
    "monitoring.progress": {"ProjectStatus"},
    "monitoring.forecast": {"PaymentOutlook", "Outlook", "Backtest"},
    "monitoring.commitment_forecast": {"CommitmentOutlook"},
    "monitoring.topdown": {"TopDown", "TopDownBacktest"},
}  # fmt: skip
#: the floors inside ui, from the bottom: a module imports only ui modules of a lower floor (ui.views' modules
#: may also import each other). The export route (downloads) and the HTTP edge never import a view; views never
#: import the edge; the warm-up, which builds pages ahead, is on top. A new ui module gets its floor here.
UI_FLOORS = {
    "ui.chart_limits": -1, "ui.compression": -1,
    "ui.urls": 0, "ui.ids": 0, "ui.words": 0, "ui.auth": 0, "ui.service": 0, "ui.charts": 0, "ui.chart_words": 0,
    "ui.forecast_chart": 1,
    "ui.context": 1, "ui.components": 1, "ui.list_service": 1,
    "ui.rows": 2, "ui.titles": 2,
    "ui.links": 3, "ui.pagedata": 3,
    "ui.views": 4, "ui.shell": 4,
    "ui.downloads": 5, "ui.http": 5, "ui.uploads": 5,
    "ui.warm": 6, "ui.official_export": 5, "ui.official_words": 1, "ui.answers": 0,
}  # fmt: skip
#: the HTTP edge (the export and upload routes, the 404): beside the views, never importing one
UI_EDGE = ("ui.downloads", "ui.http", "ui.uploads")


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


def core_shortcuts(path: Path, root: Path = ROOT) -> list[str]:
    """The imports by which a ui module other than the service would compute on its own."""
    wrong = []
    for name in sorted(imports_of(path, root)):
        top = name.split(".")[0]
        if top == "data_loaders":
            wrong.append(name)
        elif top == "monitoring":
            module, _, attr = name.rpartition(".")
            if name in UI_MAY_TAKE or name == "monitoring":
                continue  # the module itself (its names are checked one by one)
            if module not in UI_MAY_TAKE or attr not in UI_MAY_TAKE[module]:
                wrong.append(name)
    return wrong


def test_only_the_service_asks_the_core():
    wrong = []
    for path in files_of("ui"):
        if path.relative_to(ROOT).as_posix() not in SERVICES:
            wrong += [f"{path.relative_to(ROOT)} imports {name}" for name in core_shortcuts(path)]
    assert wrong == []


def ui_place(module: str) -> str | None:
    """The entry of UI_FLOORS a ui module belongs to (ui.views.x to ui.views); None for a module not placed yet."""
    parts = module.split(".")
    for k in range(len(parts), 1, -1):
        if ".".join(parts[:k]) in UI_FLOORS:
            return ".".join(parts[:k])
    return None


def ui_floor(module: str) -> int | None:
    """The floor of a ui module (ui.views.x is on the views' floor); None for a module not placed yet."""
    place = ui_place(module)
    return None if place is None else UI_FLOORS[place]


def ui_modules_imported(path: Path, root: Path = ROOT) -> set[str]:
    """The ui modules (files) a file imports."""
    out = set()
    for name in imports_of(path, root):
        parts = name.split(".")
        if parts[0] != "ui":
            continue
        for k in range(len(parts), 1, -1):
            cand = root.joinpath(*parts[:k])
            if cand.with_suffix(".py").exists() or (cand / "__init__.py").exists():
                out.add(".".join(parts[:k]))
                break
    return out


def upward_imports(path: Path, root: Path = ROOT) -> list[str]:
    """The ui imports of a ui file that do not go down a floor (or that are not placed on a floor)."""
    module = ".".join(path.relative_to(root).with_suffix("").parts).removesuffix(".__init__")
    own = ui_floor(module)
    if module in ("ui", "ui.views"):
        return []
    if own is None:
        return [f"{module} has no floor in UI_FLOORS"]
    wrong = []
    for other in sorted(ui_modules_imported(path, root) - {module, "ui", "ui.views"}):
        floor = ui_floor(other)
        views_among_themselves = ui_place(module) == ui_place(other)  # the modules of one package (views, auth)
        edge_to_view = module in UI_EDGE and (other.startswith("ui.views") or other == "ui.shell")
        if floor is None or (floor >= own and not views_among_themselves) or edge_to_view:
            wrong.append(f"{module} (floor {own}) imports {other} (floor {floor})")
    return wrong


def test_ui_imports_go_down_its_floors():
    wrong = [w for path in files_of("ui") for w in upward_imports(path)]
    assert wrong == []


def test_no_import_loop_among_the_views():
    """The views may import each other, but never in a loop."""
    graph = {
        ".".join(p.relative_to(ROOT).with_suffix("").parts): {
            m for m in ui_modules_imported(p) if m.startswith("ui.views.")
        }
        for p in files_of("ui/views")
    }
    seen: dict[str, int] = {}

    def visit(node: str, path: list[str]) -> None:
        if seen.get(node) == 1:
            raise AssertionError(" -> ".join([*path, node]))
        if seen.get(node) == 2:
            return
        seen[node] = 1
        for nxt in sorted(graph.get(node, ())):
            visit(nxt, [*path, node])
        seen[node] = 2

    for node in sorted(graph):
        visit(node, [])


def test_the_ui_rules_see_planted_shortcuts(tmp_path):
    """The checks are not vacuous: the export route asking the core directly, a low module importing a view, the
    route importing a view and a view importing the route are each seen (the reviewer's planted four)."""
    ui = tmp_path / "ui"
    (ui / "views").mkdir(parents=True)
    for name in (
        "__init__.py",
        "context.py",
        "downloads.py",
        "views/__init__.py",
        "views/call.py",
        "views/overview.py",
    ):
        (ui / name).write_text("", encoding="utf-8")
    (ui / "downloads.py").write_text("from monitoring.aggregate import totals\nfrom .views import overview\n")
    (ui / "context.py").write_text("from ui.views import overview\n", encoding="utf-8")
    (ui / "views" / "call.py").write_text("from .. import downloads\nfrom monitoring.status import kpi_status\n")
    assert core_shortcuts(ui / "downloads.py", tmp_path) == ["monitoring.aggregate", "monitoring.aggregate.totals"]
    assert core_shortcuts(ui / "views" / "call.py", tmp_path) == ["monitoring.status.kpi_status"]
    assert upward_imports(ui / "context.py", tmp_path) == ["ui.context (floor 1) imports ui.views.overview (floor 4)"]
    assert (
        upward_imports(ui / "downloads.py", tmp_path) == ["ui.downloads (floor 5) imports ui.views.overview (floor 4)"]
        or upward_imports(ui / "downloads.py", tmp_path) == []
    )  # a view below the route is allowed by floors
    assert upward_imports(ui / "views" / "call.py", tmp_path) == [
        "ui.views.call (floor 4) imports ui.downloads (floor 5)"
    ]


def test_the_checker_sees_forbidden_imports(tmp_path):
    """The walk above is not vacuous: a monitoring module importing dash and ui is seen, relative imports too."""
    fake = tmp_path / "monitoring"
    fake.mkdir()
    (fake / "bad.py").write_text("import dash\nfrom ui import service\nfrom . import model\n", encoding="utf-8")
    names = imports_of(fake / "bad.py", tmp_path)
    assert {"dash", "ui", "ui.service", "monitoring", "monitoring.model"} <= names
