"""Architecture figures of issue 9, measured the same way before and after the refactoring.

- modules in import cycles: strongly connected components (more than one module) of the graph of
  first-party imports built by grimp (the engine of import-linter);
- first-party imports inside function bodies (ast), listed; those inside ``AppConfig.ready`` are
  Django's documented place to import models-using modules and are counted apart;
- the 10 largest modules (lines);
- lines of demo code inside product packages (any package but demo/).

Usage: .venv/bin/python tools/architecture_figures.py [project root]
"""

import ast
import sys
from pathlib import Path

import grimp
import networkx as nx

APPS = [
    "core",
    "portal",
    "concurso",
    "evaluacion",
    "search",
    "calidad",
    "difusion",
    "transferencia",
    "escuelas",
    "api",
    "demo",
]


def python_files(root: Path, packages: list[str]):
    for package in packages:
        for path in sorted((root / package).rglob("*.py")):
            if "migrations" not in path.parts:
                yield path


def line_count(path: Path) -> int:
    with path.open() as handle:
        return sum(1 for _ in handle)


def cycles(packages: list[str]) -> list[set[str]]:
    graph = grimp.build_graph(*packages, include_external_packages=False)
    digraph = nx.DiGraph()
    for module in graph.modules:
        digraph.add_node(module)
        digraph.add_edges_from(
            (module, imported) for imported in graph.find_modules_directly_imported_by(module)
        )
    return [component for component in nx.strongly_connected_components(digraph) if len(component) > 1]


def imports_in_functions(path: Path, packages: list[str]) -> list[tuple[int, str, bool]]:
    found = set()
    tree = ast.parse(path.read_text())
    for function in ast.walk(tree):
        if not isinstance(function, ast.FunctionDef | ast.AsyncFunctionDef):
            continue
        for node in ast.walk(function):
            if isinstance(node, ast.Import):
                names = [alias.name for alias in node.names]
            elif isinstance(node, ast.ImportFrom):
                names = ["." if node.level else node.module or ""]
            else:
                continue
            for name in names:
                if name == "." or name.split(".")[0] in packages:
                    found.add((node.lineno, name, function.name == "ready"))
    return sorted(found)


def main(root: Path) -> None:
    sys.path.insert(0, str(root))
    packages = [name for name in APPS if (root / name / "__init__.py").exists()]
    components = cycles(packages)
    print(f"modules in import cycles: {sum(len(c) for c in components)} (in {len(components)} cycles)")
    for component in sorted(components, key=len, reverse=True):
        print("   ", len(component), sorted(component))
    listed, in_ready = [], 0
    for path in python_files(root, packages):
        for lineno, name, is_ready in imports_in_functions(path, packages):
            in_ready += is_ready
            listed.append(
                f"{path.relative_to(root)}:{lineno} {name}{'  (AppConfig.ready)' if is_ready else ''}"
            )
    print(f"first-party imports inside functions: {len(listed)} ({in_ready} of them in AppConfig.ready)")
    for item in listed:
        print("   ", item)
    print("10 largest modules:")
    sizes = sorted(((line_count(path), path) for path in python_files(root, packages)), reverse=True)[:10]
    for lines, path in sizes:
        print(f"    {lines:5d} {path.relative_to(root)}")
    demo_lines = 0
    for path in python_files(root, [p for p in packages if p != "demo"]):
        relative = path.relative_to(root)
        if "demo" in path.stem or "demo" in relative.parts[:-1]:
            demo_lines += line_count(path)
            print(f"    demo in product package: {line_count(path):5d} {relative}")
    print(f"lines of demo code inside product packages: {demo_lines}")


if __name__ == "__main__":
    main(Path(sys.argv[1] if len(sys.argv) > 1 else ".").resolve())
