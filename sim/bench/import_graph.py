"""The shape of `sim/`: modules, import arrows, circles, back-arrows, and the longest functions.

Read with `ast` only (nothing is imported), so it also measures an old checkout:

    python -m sim.bench.import_graph [ROOT] [--floors-from-new-layout]

Every `import` counts, also those inside functions or under `if TYPE_CHECKING:`: a circle
that only type checking sees is still two modules that cannot be read one after the other.

Floors, lowest first: scenario, model, study, outputs, then the site's shared helpers, the
page generators and the bench, then the command line and the site entry point, then the package's own entry points. A back-arrow is an
import from a higher floor. Page generators may not import each other (a sideways arrow):
what they share lives in the site's helper modules.
"""

from __future__ import annotations

import ast
import sys
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path

PACKAGE_FLOORS = {
    "sim.scenario": 1,
    "sim.model": 2,
    "sim.study": 3,
    "sim.outputs": 4,
    "sim.site": 6,
    "sim.cli": 7,
    "sim.bench": 6,
}
"""Floor of every module in a package; anything else under `sim` (its `__init__`) is on top."""
TOP_FLOOR = 8
SITE_HELPERS = frozenset(
    {
        "sim.site.output",
        "sim.site.paths",
        "sim.site.fields",
        "sim.site.runs",
        "sim.site.options",
        "sim.site.dose",
        "sim.site.turning",
        "sim.site.dose_outcomes",
        "sim.site.evidence_reading",
        "sim.site.data",
        "sim.site.worked_case",
        "sim.site.shared_runs",
    }
)
"""Site modules every page generator may use: they sit one floor below the generators."""
SITE_ENTRIES = frozenset({"sim.site.__main__", "sim.site.serve"})
"""What runs the generators: `python -m sim.site` and `make serve`."""


@dataclass(frozen=True)
class Graph:
    """The modules of a package and the import arrows between them (importer, imported)."""

    modules: frozenset[str]
    arrows: frozenset[tuple[str, str]]


def module_name(root: Path, path: Path) -> str:
    """'sim/model/office.py' -> 'sim.model.office'; a package's `__init__` is the package."""
    parts = list(path.relative_to(root).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


def _targets(node: ast.AST, importer: str, is_package: bool) -> Iterable[str]:
    """Every dotted name an import statement may refer to, most specific first."""
    if isinstance(node, ast.Import):
        for alias in node.names:
            yield alias.name
    elif isinstance(node, ast.ImportFrom):
        base = node.module or ""
        if node.level:
            package = importer.split(".") if is_package else importer.split(".")[:-1]
            package = package[: len(package) - node.level + 1]
            base = ".".join([*package, base] if base else package)
        for alias in node.names:
            yield f"{base}.{alias.name}"


def _resolve(name: str, modules: frozenset[str]) -> str | None:
    """The longest module of the package that `name` names or lies inside."""
    parts = name.split(".")
    while parts:
        candidate = ".".join(parts)
        if candidate in modules:
            return candidate
        parts.pop()
    return None


def build(root: Path, package: str = "sim") -> Graph:
    """Read every module below `root / package` and collect its arrows to the others."""
    paths = sorted((root / package).rglob("*.py"))
    names = {path: module_name(root, path) for path in paths}
    modules = frozenset(names.values())
    arrows = set()
    for path, importer in names.items():
        tree = ast.parse(path.read_text(encoding="utf-8"), str(path))
        for node in ast.walk(tree):
            if not isinstance(node, ast.Import | ast.ImportFrom):
                continue
            for target in _targets(node, importer, path.name == "__init__.py"):
                imported = _resolve(target, modules)
                if imported is not None and imported != importer and imported != package:
                    arrows.add((importer, imported))
    return Graph(modules, frozenset(arrows))


def circles(graph: Graph) -> list[list[str]]:
    """Groups of modules that import each other, directly or round a loop (Tarjan)."""
    following: dict[str, list[str]] = {m: [] for m in graph.modules}
    for a, b in graph.arrows:
        following[a].append(b)
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    found: list[list[str]] = []

    def visit(module: str) -> None:
        index[module] = low[module] = len(index)
        stack.append(module)
        on_stack.add(module)
        for nxt in following[module]:
            if nxt not in index:
                visit(nxt)
                low[module] = min(low[module], low[nxt])
            elif nxt in on_stack:
                low[module] = min(low[module], index[nxt])
        if low[module] == index[module]:
            group = []
            while True:
                top = stack.pop()
                on_stack.discard(top)
                group.append(top)
                if top == module:
                    break
            if len(group) > 1:
                found.append(sorted(group))

    sys.setrecursionlimit(max(sys.getrecursionlimit(), 10 * len(graph.modules)))
    for module in sorted(graph.modules):
        if module not in index:
            visit(module)
    return sorted(found)


def depth(graph: Graph) -> int:
    """Floors the graph itself has: modules on the longest import chain (circles as one)."""
    group_of = {m: i for i, group in enumerate(circles(graph)) for m in group}
    node = {m: group_of.get(m, m) for m in graph.modules}
    below: dict[object, set[object]] = {n: set() for n in node.values()}
    for a, b in graph.arrows:
        if node[a] != node[b]:
            below[node[a]].add(node[b])
    memo: dict[object, int] = {}

    def height(n: object) -> int:
        if n not in memo:
            memo[n] = 1 + max((height(m) for m in below[n]), default=0)
        return memo[n]

    return max((height(n) for n in below), default=0)


def floor(module: str) -> int:
    """The floor a module of the layered package lives on."""
    if module in SITE_ENTRIES:
        return 7
    if module in SITE_HELPERS or module == "sim.site":
        return 5
    for package, level in PACKAGE_FLOORS.items():
        if module == package or module.startswith(package + "."):
            return level
    return TOP_FLOOR


def back_arrows(graph: Graph, floor_of: Callable[[str], int] = floor) -> list[tuple[str, str]]:
    """Imports of a module on a higher floor than the importer's."""
    return sorted((a, b) for a, b in graph.arrows if floor_of(b) > floor_of(a))


def sideways_arrows(graph: Graph) -> list[tuple[str, str]]:
    """Page generators importing one another."""
    return sorted(
        (a, b)
        for a, b in graph.arrows
        if floor(a) == floor(b) == 6 and a.startswith("sim.site.") and b.startswith("sim.site.")
    )


def longest_functions(root: Path, package: str = "sim", count: int = 10) -> list[tuple[int, str]]:
    """The `count` longest functions and methods (lines from `def` to the last line)."""
    found = []
    for path in sorted((root / package).rglob("*.py")):
        tree = ast.parse(path.read_text(encoding="utf-8"), str(path))
        for node in ast.walk(tree):
            if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef):
                end = node.end_lineno
                assert end is not None, "ast.parse fills in where each node ends"
                lines = end - node.lineno + 1
                where = f"{path.relative_to(root)}:{node.lineno} {node.name}"
                found.append((lines, where))
    return sorted(found, key=lambda item: (-item[0], item[1]))[:count]


def report(root: Path) -> str:
    """The numbers as plain text."""
    graph = build(root)
    loops = circles(graph)
    back = back_arrows(graph)
    side = sideways_arrows(graph)
    lines = [
        f"modules: {len(graph.modules)}",
        f"import arrows: {len(graph.arrows)}",
        f"floors of the graph (longest import chain): {depth(graph)}",
        f"circles: {len(loops)}" + "".join(f"\n  {' <-> '.join(g)}" for g in loops),
        f"back-arrows: {len(back)}" + "".join(f"\n  {a} -> {b}" for a, b in back),
        f"sideways arrows between page generators: {len(side)}"
        + "".join(f"\n  {a} -> {b}" for a, b in side),
        "longest functions:",
        *(f"  {n:4d} {where}" for n, where in longest_functions(root)),
    ]
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    args = sys.argv[1:] if argv is None else argv
    root = Path(args[0]) if args else Path(__file__).resolve().parents[2]
    print(report(root))
    return 0


if __name__ == "__main__":
    sys.exit(main())
