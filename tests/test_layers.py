"""The layers of DESIGN.md hold: imports run only downward, with no circles, and nothing reaches up
through ``_meta``, ``apps.get_model`` or another app's table name in SQL.

``tracker -> web, api -> alerts -> letters -> motions -> common``; ``web`` and ``api`` are siblings
and import neither each other.
"""

from __future__ import annotations

import ast
import re
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
LAYERS = {"common": 0, "motions": 1, "letters": 2, "alerts": 3, "api": 4, "web": 4, "tracker": 5}
TABLE = re.compile(r"\b(motions|letters|alerts|api|web|tracker)_[a-z]+\b")


def modules() -> dict[str, Path]:
    found = {}
    for package in LAYERS:
        for path in sorted((ROOT / package).rglob("*.py")):
            if "migrations" in path.parts:
                continue
            parts = list(path.relative_to(ROOT).with_suffix("").parts)
            if parts[-1] == "__init__":
                parts = parts[:-1]
            found[".".join(parts)] = path
    return found


def imports_of(name: str, path: Path) -> list[tuple[int, str]]:
    """Every module ``name`` imports, anywhere in the file (also inside functions)."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    package = name if path.name == "__init__.py" else name.rpartition(".")[0]
    found = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            found += [(node.lineno, alias.name) for alias in node.names]
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                base = package.split(".")
                base = base[: len(base) - node.level + 1]
                target = ".".join(base + ([node.module] if node.module else []))
            else:
                target = node.module or ""
            found.append((node.lineno, target))
            # "from motions import services" imports the module motions.services
            found += [(node.lineno, f"{target}.{alias.name}") for alias in node.names]
    return found


def test_imports_run_only_downward() -> None:
    wrong = []
    for name, path in modules().items():
        mine = name.split(".")[0]
        for line, target in imports_of(name, path):
            theirs = target.split(".")[0]
            if theirs in LAYERS and theirs != mine and LAYERS[theirs] >= LAYERS[mine]:
                wrong.append(f"{path.relative_to(ROOT)}:{line} imports {target}")
    assert sorted(set(wrong)) == []


def test_no_module_imports_itself_in_a_circle() -> None:
    known = modules()
    graph: dict[str, set[str]] = {name: set() for name in known}
    for name, path in known.items():
        for _line, target in imports_of(name, path):
            if target in known and target != name:
                graph[name].add(target)
    # Tarjan's strongly connected components: any component of two or more modules is a circle.
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    circles = []

    def visit(node: str) -> None:
        index[node] = low[node] = len(index)
        stack.append(node)
        for nxt in graph[node]:
            if nxt not in index:
                visit(nxt)
                low[node] = min(low[node], low[nxt])
            elif nxt in stack:
                low[node] = min(low[node], index[nxt])
        if low[node] == index[node]:
            component = []
            while True:
                top = stack.pop()
                component.append(top)
                if top == node:
                    break
            if len(component) > 1:
                circles.append(sorted(component))

    for node in graph:
        if node not in index:
            visit(node)
    # A package's __init__ re-exporting its children is not a circle of behaviour.
    circles = [c for c in circles if not all(m.startswith(c[0] + ".") or m == c[0] for m in c)]
    assert circles == []


def sql_strings(tree: ast.AST) -> list[tuple[int, str]]:
    words = ("SELECT", "FROM ", "JOIN", "UPDATE ", "INSERT ", "DELETE ")
    return [(node.lineno, node.value) for node in ast.walk(tree) if isinstance(node, ast.Constant) and isinstance(node.value, str) and any(w in node.value for w in words)]


def test_nothing_reaches_up_through_meta_get_model_or_sql() -> None:
    wrong = []
    for name, path in modules().items():
        mine = name.split(".")[0]
        text = path.read_text(encoding="utf-8")
        for number, line in enumerate(text.splitlines(), 1):
            # A reverse relation's model reached through _meta is an import in disguise.
            if "related_model" in line or (mine != "tracker" and "apps.get_model" in line):
                wrong.append(f"{path.relative_to(ROOT)}:{number}: {line.strip()}")
        for number, sql in sql_strings(ast.parse(text)):
            for match in TABLE.finditer(sql):
                app = match.group(1)
                if app != mine and LAYERS[app] >= LAYERS[mine]:
                    wrong.append(f"{path.relative_to(ROOT)}:{number}: SQL names {match.group(0)}")
    assert wrong == []


def test_the_reading_of_a_letter_is_pure() -> None:
    """letters/reading/ (citations, answers, mentions, the sentence splitter) imports no Django and
    does no I/O: only the standard library, itself, the extracted letter (letters.extract) and the key
    parser (motions.keys), both pure too."""
    import sys

    allowed_ours = ("letters.reading", "letters.extract", "motions.keys")
    wrong = []
    for name, path in modules().items():
        if not name.startswith("letters.reading"):
            continue
        for line, target in imports_of(name, path):
            top = target.split(".")[0]
            if top in sys.stdlib_module_names or target.startswith(allowed_ours) or target == "__future__" or target.startswith("__future__."):
                continue
            wrong.append(f"{path.relative_to(ROOT)}:{line} imports {target}")
    assert wrong == []
