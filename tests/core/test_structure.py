"""The shape of the code that docs/conventions.md promises: small view modules, no import circles
inside an app, and no app reaching into another app's private modules. Read from the source as
text (nothing is imported), so that a new circle fails here before it fails at start-up."""

import ast
import pathlib

ROOT = pathlib.Path(__file__).resolve().parents[2]
APPS = ["accounts", "checkups", "core", "notifications", "organisations", "peer_support", "surveys", "wellbeing"]
VIEW_MODULE_MAX_LINES = 300


def _sources(root=ROOT):
    for app in APPS:
        for path in sorted((root / app).rglob("*.py")):
            if "migrations" not in path.parts:
                yield path


def _module_name(path: pathlib.Path, root=ROOT) -> str:
    parts = list(path.relative_to(root).with_suffix("").parts)
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def _module_level_imports(path: pathlib.Path, modules: set[str], root=ROOT) -> set[str]:
    """The project modules this module imports when it is loaded (imports inside functions wait)."""
    name = _module_name(path, root)
    package = name if path.name == "__init__.py" else name.rpartition(".")[0]
    found = set()
    for node in ast.parse(path.read_text()).body:
        if isinstance(node, ast.Import):
            targets = [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                base = package.split(".")[: len(package.split(".")) - (node.level - 1)]
                prefix = ".".join(base + ([node.module] if node.module else []))
            else:
                prefix = node.module
            submodules = [f"{prefix}.{alias.name}" for alias in node.names if f"{prefix}.{alias.name}" in modules]
            targets = submodules if len(submodules) == len(node.names) else [prefix, *submodules]
        else:
            continue
        # A package is always loaded before its modules: importing one's own package is no circle.
        found |= {t for t in targets if t in modules and t != name and not name.startswith(t + ".")}
    return found


def _import_circles(root=ROOT) -> list[list[str]]:
    paths = {_module_name(p, root): p for p in _sources(root)}
    edges = {name: _module_level_imports(path, set(paths), root) for name, path in paths.items()}
    # Tarjan's strongly connected components: a component of more than one module is a circle.
    index, low, stack, on_stack, circles = {}, {}, [], set(), []

    def visit(module):
        index[module] = low[module] = len(index)
        stack.append(module)
        on_stack.add(module)
        for other in edges[module]:
            if other not in index:
                visit(other)
                low[module] = min(low[module], low[other])
            elif other in on_stack:
                low[module] = min(low[module], index[other])
        if low[module] == index[module]:
            component = []
            while not component or component[-1] != module:
                component.append(stack.pop())
                on_stack.discard(component[-1])
            if len(component) > 1:
                circles.append(sorted(component))

    for module in edges:
        if module not in index:
            visit(module)
    return circles


def test_no_modules_import_each_other():
    assert _import_circles() == []


def test_the_circle_finder_finds_a_circle_and_not_a_package_reexport(tmp_path):
    for app in APPS:
        (tmp_path / app).mkdir()
    (tmp_path / "core" / "__init__.py").write_text("from .a import thing\n")
    (tmp_path / "core" / "a.py").write_text("from .b import thing\n")
    (tmp_path / "core" / "b.py").write_text("import os\n\ndef later():\n    from core import a\n")
    assert _import_circles(tmp_path) == []
    (tmp_path / "core" / "b.py").write_text("from core import a\n")
    assert _import_circles(tmp_path) == [["core.a", "core.b"]]


def test_every_view_module_is_short():
    long = {
        str(path.relative_to(ROOT)): lines
        for path in _sources()
        if (path.name == "views.py" or path.parent.name == "views")
        and (lines := len(path.read_text().splitlines())) >= VIEW_MODULE_MAX_LINES
    }
    assert long == {}


def test_no_app_imports_another_apps_private_modules():
    reaching = []
    for path in _sources():
        app = path.relative_to(ROOT).parts[0]
        for node in ast.walk(ast.parse(path.read_text())):
            if isinstance(node, ast.ImportFrom) and not node.level and node.module:
                parts = node.module.split(".")
                names = parts + [alias.name for alias in node.names]
                if parts[0] != app and parts[0] in APPS and any(n.startswith("_") for n in names[1:]):
                    reaching.append(f"{path.relative_to(ROOT)}: from {node.module} import ...")
    assert reaching == []
