"""The apps depend on one another in one direction only, from the bottom up:

    core < frameworks < practices < monitoring < search < api, members, insights, actions <
    following < home, kb

An app may import an app on a lower layer or on its own,
never one above it, and no two apps may import each other, even through a third. The test reads
every module of every app (migrations and tests aside) with ``ast``, so an import inside a
function counts as much as one at the top.

A name with a leading underscore is private to its module: no other module imports it (a
helper that others need is made public where it belongs).
"""

import ast
from collections import defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent

LAYERS = [
    {"core"},
    {"frameworks"},
    {"practices"},
    {"monitoring"},
    {"search"},
    {"api", "members", "insights", "actions"},
    {"following"},
    {"home", "kb"},
]
LAYER_OF = {app: level for level, apps in enumerate(LAYERS) for app in apps}

# Upward imports still waiting for a later step of the architecture issue, each "app.module ->
# app" with a comment saying which step removes it. The set may only shrink: an exception that
# no longer exists fails the test, so whoever removes the import deletes its line. core never
# has one. It is empty since core/ took the key converter (kb/converters.py, imported by
# practices, search and members), the form helpers and the rate limiter: keep it empty.
KNOWN_UPWARD_IMPORTS: set[str] = set()


def app_directories():
    return sorted(
        path for path in ROOT.iterdir() if path.name in LAYER_OF and (path / "__init__.py").exists()
    )


def modules_of(app_dir):
    """(dotted name, is a package, path) of every module of an app but its migrations and tests."""
    for path in sorted(app_dir.rglob("*.py")):
        parts = path.relative_to(ROOT).with_suffix("").parts
        if "migrations" in parts or "tests" in parts or parts[-1].startswith("test"):
            continue
        is_package = parts[-1] == "__init__"
        yield ".".join(parts[:-1] if is_package else parts), is_package, path


def imported_from(name, is_package, node):
    """The absolute name of the module a ``from ... import`` node reads, relative ones resolved."""
    if not node.level:
        return node.module
    package = name if is_package else name.rpartition(".")[0]
    base = package.split(".")[: len(package.split(".")) - (node.level - 1)]
    return ".".join([*base, node.module] if node.module else base)


def imported_names(name, is_package, source):
    """The absolute names a module imports, relative imports resolved."""
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.Import):
            yield from (alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            yield imported_from(name, is_package, node)


def private_imports(name, is_package, source):
    """Each "module: from other import _name" of a module, wherever in the module it is."""
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.ImportFrom):
            for alias in node.names:
                if alias.name.startswith("_") and not alias.name.startswith("__"):
                    module = imported_from(name, is_package, node)
                    yield f"{name}: from {module} import {alias.name}"


def app_imports():
    """Every (module, app) where a module of one app imports another app."""
    pairs = set()
    for app_dir in app_directories():
        for name, is_package, path in modules_of(app_dir):
            source = path.read_text(encoding="utf-8")
            for imported in imported_names(name, is_package, source):
                target = imported.partition(".")[0]
                if target in LAYER_OF and target != app_dir.name:
                    pairs.add((name, target))
    return pairs


def app_of(module):
    return module.partition(".")[0]


def upward_imports(pairs):
    """The "app.module -> app" imports that go to a higher layer."""
    return {
        f"{module} -> {target}"
        for module, target in pairs
        if LAYER_OF[target] > LAYER_OF[app_of(module)]
    }


def cycles(pairs, allowed=frozenset()):
    """Each loop of apps importing one another, as a list of apps, first and last the same.
    The allowed imports are left out: each known upward import closes a loop of its own."""
    graph = defaultdict(set)
    for module, target in pairs:
        if f"{module} -> {target}" not in allowed:
            graph[app_of(module)].add(target)
    found, finished = [], set()

    def visit(path):
        for target in sorted(graph[path[-1]]):
            if target in path:
                found.append([*path[path.index(target) :], target])
            elif target not in finished:
                visit([*path, target])
        finished.add(path[-1])

    for app in sorted(graph):
        if app not in finished:
            visit([app])
    return found


def test_the_walk_reads_the_apps_and_their_imports():
    assert {"core", "frameworks", "practices", "search", "members", "home", "kb"} <= {
        path.name for path in app_directories()
    }
    pairs = app_imports()
    assert ("frameworks.models", "core") in pairs
    assert ("kb.urls", "search") in pairs
    assert not {pair for pair in pairs if ".migrations" in pair[0]}


def test_private_imports_are_found_absolute_relative_and_inside_functions():
    source = (
        "from search.service import PracticeQuery, _clean_text\n"
        "from __future__ import annotations\n"
        "def f():\n"
        "    from ..service import _positive_int as positive\n"
        "from . import _helpers\n"
    )
    assert list(private_imports("search.engines.database", False, source)) == [
        "search.engines.database: from search.service import _clean_text",
        "search.engines.database: from search.engines import _helpers",
        "search.engines.database: from search.service import _positive_int",
    ]
    assert list(private_imports("api.views", False, "from search.query import clean_text")) == []


def test_no_module_imports_a_private_name_of_another():
    found = [
        private
        for app_dir in app_directories()
        for name, is_package, path in modules_of(app_dir)
        for private in private_imports(name, is_package, path.read_text(encoding="utf-8"))
    ]
    assert not found, (
        "A name with a leading underscore is private to its module; make what others need "
        f"public where it belongs: {found}"
    )


def test_relative_imports_and_imports_inside_functions_are_read():
    source = "from ..models import A\nfrom . import b\ndef f():\n    import practices.models\n"
    names = set(imported_names("search.engines.database", False, source))
    assert names == {"search.models", "search.engines", "practices.models"}
    assert set(imported_names("search.engines", True, "from .es import x")) == {"search.engines.es"}


def test_the_checks_find_upward_imports_and_cycles():
    pairs = {("frameworks.models", "core"), ("core.text", "search"), ("search.service", "core")}
    assert upward_imports(pairs) == {"core.text -> search"}
    assert cycles(pairs) == [["core", "search", "core"]]
    assert cycles(pairs, allowed={"core.text -> search"}) == []
    loop = {("members.views", "actions"), ("actions.models", "home"), ("home.models", "members")}
    assert cycles(loop) == [["actions", "home", "members", "actions"]]


def test_no_app_imports_an_app_above_it():
    unexpected = upward_imports(app_imports()) - KNOWN_UPWARD_IMPORTS
    assert not unexpected, (
        "These imports go up the layers (core < frameworks < practices < monitoring < search < "
        "api, members, insights, actions < home, kb): move what is shared down, or let the "
        "higher app reach the lower one through a template tag, view or signal: "
        f"{sorted(unexpected)}"
    )


def test_every_known_upward_import_still_exists():
    gone = KNOWN_UPWARD_IMPORTS - upward_imports(app_imports())
    assert not gone, f"These imports are gone: delete them from KNOWN_UPWARD_IMPORTS: {gone}"


def test_core_imports_no_app_and_has_no_exception():
    assert not {pair for pair in KNOWN_UPWARD_IMPORTS if app_of(pair) == "core"}
    assert not {(module, app) for module, app in app_imports() if app_of(module) == "core"}


def test_no_apps_import_each_other():
    found = cycles(app_imports(), allowed=KNOWN_UPWARD_IMPORTS)
    assert not found, f"Apps that import each other: {[' -> '.join(loop) for loop in found]}"


def api_modules_imported_by(module):
    path = ROOT.joinpath(*module.split(".")).with_suffix(".py")
    names = imported_names(module, False, path.read_text(encoding="utf-8"))
    return {name for name in names if name.partition(".")[0] == "api"}


def test_the_api_parameters_are_declared_below_the_views_and_the_openapi_document():
    # The views and the OpenAPI document both read the declarations of api.params; the
    # document imports nothing else of the app, so the views may import it without a cycle.
    assert api_modules_imported_by("api.params") == set()
    assert api_modules_imported_by("api.openapi") == {"api.params"}


def module_imports():
    """{module: the modules of the apps it imports}, imports inside functions included; a name
    imported from a package counts as its module when it is one (``from . import views``)."""
    modules = {
        name: (is_package, path)
        for app_dir in app_directories()
        for name, is_package, path in modules_of(app_dir)
    }
    plain = {name for name, (is_package, _) in modules.items() if not is_package}

    def resolve(dotted):
        while dotted and dotted not in plain:
            dotted = dotted.rpartition(".")[0]
        return dotted

    graph = defaultdict(set)
    for name, (is_package, path) in modules.items():
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Import):
                targets = [alias.name for alias in node.names]
            elif isinstance(node, ast.ImportFrom):
                base = imported_from(name, is_package, node)
                targets = [f"{base}.{alias.name}" for alias in node.names]
            else:
                continue
            for target in filter(None, map(resolve, targets)):
                if target != name:
                    graph[name].add(target)
    return graph


def strongly_connected(graph):
    """The groups of two or more modules that import one another, directly or not (Tarjan)."""
    index, low, stack, on_stack, groups = {}, {}, [], set(), []

    def visit(node):
        index[node] = low[node] = len(index)
        stack.append(node)
        on_stack.add(node)
        for target in sorted(graph.get(node, ())):
            if target not in index:
                visit(target)
                low[node] = min(low[node], low[target])
            elif target in on_stack:
                low[node] = min(low[node], index[target])
        if low[node] == index[node]:
            group = []
            while True:
                member = stack.pop()
                on_stack.discard(member)
                group.append(member)
                if member == node:
                    break
            if len(group) > 1:
                groups.append(sorted(group))

    for node in sorted(graph):
        if node not in index:
            visit(node)
    return sorted(groups)


def test_the_module_cycle_check_finds_loops_through_lazy_imports():
    graph = {"a.models": {"a.filters"}, "a.filters": {"a.models"}, "a.views": {"a.models"}}
    assert strongly_connected(graph) == [["a.filters", "a.models"]]
    assert strongly_connected({"a.views": {"a.models"}}) == []


def test_no_modules_import_each_other():
    # An import inside a function counts: it hides a loop from Python, not from the reader.
    found = strongly_connected(module_imports())
    assert not found, f"Modules that import one another: {found}"
