"""The layering rules import-linter cannot express, checked on every `make test`.

- no import cycle among first-party modules (not even inside one app);
- no first-party import inside a function, except in ``AppConfig.ready`` (Django's documented
  place for imports that need the app registry);
- no demo code inside product packages.

The figures come from tools/architecture_figures.py, the script that measured issue 9.
"""

import importlib.util
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture(scope="module")
def figures():
    spec = importlib.util.spec_from_file_location(
        "architecture_figures", ROOT / "tools" / "architecture_figures.py"
    )
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    packages = [name for name in module.APPS if (ROOT / name / "__init__.py").exists()]
    return module, packages


def test_no_import_cycles(figures):
    module, packages = figures
    assert module.cycles(packages) == []


def test_first_party_imports_only_at_module_level_or_in_ready(figures):
    module, packages = figures
    inside = [
        f"{path.relative_to(ROOT)}:{lineno} {name}"
        for path in module.python_files(ROOT, packages)
        for lineno, name, in_ready in module.imports_in_functions(path, packages)
        if not in_ready
    ]
    assert inside == []


def test_no_demo_code_in_product_packages(figures):
    module, packages = figures
    demo_files = [
        str(path.relative_to(ROOT))
        for path in module.python_files(ROOT, [name for name in packages if name != "demo"])
        if "demo" in path.stem or "demo" in path.relative_to(ROOT).parts[:-1]
    ]
    assert demo_files == []
