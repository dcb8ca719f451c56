"""Every module the project imports comes from the standard library, the project itself or a
distribution pyproject.toml declares: nothing is used that is only installed because something
else happens to need it (it would vanish, or change, with that other package)."""

import ast
import importlib.metadata
import re
import sys
import tomllib
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def normalise(name):
    return re.sub(r"[-_.]+", "-", name).lower()


def declared_distributions():
    project = tomllib.loads((ROOT / "pyproject.toml").read_text("utf-8"))["project"]
    requirements = list(project["dependencies"])
    for extra in project.get("optional-dependencies", {}).values():
        requirements += extra
    return {normalise(re.match(r"[A-Za-z0-9][A-Za-z0-9._-]*", r).group()) for r in requirements}


def first_party_packages():
    """The project's Python packages: top-level folders with an ``__init__.py``."""
    return sorted(
        path.parent.name
        for path in ROOT.glob("*/__init__.py")
        if not path.parent.name.startswith(".")
    )


def imported_modules(packages):
    """{top-level module: first file importing it} for every absolute import in ``packages``."""
    found = {}
    for package in packages:
        for path in sorted((ROOT / package).rglob("*.py")):
            tree = ast.parse(path.read_bytes(), filename=str(path))
            for node in ast.walk(tree):
                if isinstance(node, ast.Import):
                    names = [alias.name for alias in node.names]
                elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
                    names = [node.module]
                else:
                    continue
                for name in names:
                    found.setdefault(name.split(".")[0], path.relative_to(ROOT).as_posix())
    return found


def test_the_scan_sees_the_project_and_its_imports():
    packages = first_party_packages()
    assert {"core", "kb", "practices", "search", "tests"} <= set(packages)
    modules = imported_modules(packages)
    # Modules known to be imported only by one file each, so the scan is not vacuous.
    assert modules["filetype"] == "practices/attachments.py"
    assert "elastic_transport" in modules
    assert "jsonschema" in modules


def undeclared_imports(declared):
    """{module: (a file importing it, the distributions providing it)} for every imported module
    that is neither the standard library's, the project's nor from a ``declared`` distribution."""
    packages = set(first_party_packages())
    providers = importlib.metadata.packages_distributions()
    undeclared = {}
    for module, where in imported_modules(packages).items():
        if module in sys.stdlib_module_names or module in packages or module == "__future__":
            continue
        distributions = {normalise(d) for d in providers.get(module, [])}
        if not distributions:
            # Not installed: an optional extra's module (sentry_sdk), named like its distribution.
            distributions = {normalise(module)}
        if not distributions & declared:
            undeclared[module] = (where, sorted(distributions) or "not installed")
    return undeclared


def test_every_imported_module_comes_from_a_declared_distribution():
    assert undeclared_imports(declared_distributions()) == {}


def test_a_module_from_an_undeclared_distribution_is_caught():
    """The check fails when a declaration is missing: filetype's and Pillow's, here."""
    declared = declared_distributions() - {"filetype", "pillow"}
    assert set(undeclared_imports(declared)) == {"filetype", "PIL"}
