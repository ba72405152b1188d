"""Every package the code imports is declared in pyproject.toml, so a fresh `make install` (or a production install
without the test extra) has it, and nothing works only because another package happened to pull it in."""

import ast
import importlib.metadata
import re
import sys
import tomllib
from pathlib import Path

import pytest
from django.apps import apps
from django.conf import settings

ROOT = Path(__file__).resolve().parent.parent
PROJECT = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]
OUR_PACKAGES = {
    name.rstrip("*")
    for name in tomllib.loads((ROOT / "pyproject.toml").read_text())["tool"]["setuptools"]["packages"]["find"][
        "include"
    ]
} | {"tests", "bench", "manage"}


def _normalise(name):
    return re.sub(r"[-_.]+", "-", name).lower()


def _declared(*extras):
    requirements = [*PROJECT["dependencies"], *(r for extra in extras for r in PROJECT["optional-dependencies"][extra])]
    return {_normalise(re.match(r"[A-Za-z0-9._-]+", requirement).group(0)) for requirement in requirements}


def _imported_modules(folders):
    modules = {}
    for folder in folders:
        for path in (ROOT / folder).rglob("*.py"):
            for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
                if isinstance(node, ast.Import):
                    names = [alias.name for alias in node.names]
                elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
                    names = [node.module]
                else:
                    continue
                for name in names:
                    modules.setdefault(name.split(".")[0], path.relative_to(ROOT).as_posix())
    return modules


def _undeclared(modules, declared):
    distributions = importlib.metadata.packages_distributions()
    missing = []
    for module, where in sorted(modules.items()):
        if module in sys.stdlib_module_names or module in OUR_PACKAGES:
            continue
        # A module not installed here (the bench extra) must be declared under its own name.
        names = {_normalise(name) for name in distributions.get(module, [module])}
        if not names & declared:
            missing.append(f"{module} ({where}; distribution {sorted(names)})")
    return missing


APP_FOLDERS = sorted(OUR_PACKAGES - {"tests", "bench", "manage"})


def test_every_package_the_app_imports_is_a_production_dependency():
    modules = _imported_modules(APP_FOLDERS)
    assert {"openpyxl", "odf", "django"} <= set(modules)
    assert not _undeclared(modules, _declared()), "declare in [project] dependencies"


def test_every_app_and_middleware_the_settings_name_is_a_production_dependency():
    apps_and_middleware = [config.name for config in apps.get_app_configs()] + settings.MIDDLEWARE
    named = {path.split(".")[0]: "tryg/settings.py" for path in apps_and_middleware}
    assert {"whitenoise", "axes", "csp"} <= set(named)
    assert not _undeclared(named, _declared())


@pytest.mark.parametrize(("folder", "extras"), [("tests", ("test",)), ("bench", ("test", "bench"))])
def test_every_package_the_tests_and_benchmarks_import_is_declared(folder, extras):
    assert not _undeclared(_imported_modules([folder]), _declared(*extras))
