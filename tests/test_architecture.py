"""Checks anyone can run on the code base itself (issue 11): no import cycle among newsledger
modules, no module over 800 lines, no word list in code outside data/. Pure: no model, no I/O
beyond reading the sources."""

from __future__ import annotations

import ast
import re
from pathlib import Path

import pytest

SRC = Path(__file__).resolve().parents[1] / "src"
PACKAGE = SRC / "newsledger"
MAX_LINES = 800

LONG_MODULES_BEING_SPLIT: set[str] = set()
KNOWN_CYCLES: set[frozenset[str]] = set()


def _module_name(path: Path) -> str:
    parts = list(path.relative_to(SRC).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


def _modules() -> dict[str, Path]:
    return {_module_name(p): p for p in sorted(PACKAGE.rglob("*.py"))}


def _resolve(importer: str, is_package: bool, node: ast.ImportFrom) -> str:
    if node.level == 0:
        return node.module or ""
    base = importer.split(".")
    base = base if is_package else base[:-1]
    base = base[: len(base) - (node.level - 1)]
    return ".".join(base + ([node.module] if node.module else []))


def import_graph() -> dict[str, set[str]]:
    """Module -> the newsledger modules it imports, at top level or inside functions.

    ``from a.b import c`` is an edge to ``a.b.c`` when that is a module, else to ``a.b``.
    ``if TYPE_CHECKING:`` imports count too: a cycle hidden from the interpreter is still one
    in the design (quotes <-> indirect is one).
    """
    modules = _modules()
    graph: dict[str, set[str]] = {name: set() for name in modules}
    for name, path in modules.items():
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            targets: list[str] = []
            if isinstance(node, ast.Import):
                targets = [alias.name for alias in node.names]
            elif isinstance(node, ast.ImportFrom):
                base = _resolve(name, path.name == "__init__.py", node)
                targets = [f"{base}.{a.name}" if f"{base}.{a.name}" in modules else base for a in node.names]
            for target in targets:
                while target and target not in modules:  # "import newsledger.x.y" of a name in x
                    target = target.rpartition(".")[0]
                if target.startswith("newsledger") and target != name:
                    graph[name].add(target)
    return graph


def cycles(graph: dict[str, set[str]]) -> list[list[str]]:
    """Strongly connected components with more than one module (Tarjan), each sorted."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    out: list[list[str]] = []
    counter = 0

    def visit(v: str) -> None:
        nonlocal counter
        index[v] = low[v] = counter
        counter += 1
        stack.append(v)
        on_stack.add(v)
        for w in sorted(graph[v]):
            if w not in index:
                visit(w)
                low[v] = min(low[v], low[w])
            elif w in on_stack:
                low[v] = min(low[v], index[w])
        if low[v] == index[v]:
            component = []
            while True:
                w = stack.pop()
                on_stack.discard(w)
                component.append(w)
                if w == v:
                    break
            if len(component) > 1:
                out.append(sorted(component))

    for v in sorted(graph):
        if v not in index:
            visit(v)
    return out


def test_the_import_graph_sees_top_level_and_function_level_imports() -> None:
    graph = import_graph()
    assert "newsledger.extract.numbers" in graph["newsledger.extract.figures"]  # top level
    assert "newsledger.nlp" in graph["newsledger.runner"]  # inside extract_files()
    assert "newsledger.extract.registry" in graph["newsledger.extract._doc"]
    assert cycles({"a": {"b"}, "b": {"c"}, "c": {"a"}, "d": {"a"}}) == [["a", "b", "c"]]


def test_no_import_cycle_among_newsledger_modules() -> None:
    found = [c for c in cycles(import_graph()) if frozenset(c) not in KNOWN_CYCLES]
    assert not found, f"import cycles: {found}"


def test_known_cycles_still_exist() -> None:
    """A known exception that is gone must leave the list, so it cannot come back unnoticed."""
    present = {frozenset(c) for c in cycles(import_graph())}
    assert present >= KNOWN_CYCLES, f"remove from KNOWN_CYCLES: {KNOWN_CYCLES - present}"


def test_no_module_is_over_800_lines() -> None:
    long = {}
    for path in PACKAGE.rglob("*.py"):
        rel = str(path.relative_to(SRC))
        n = len(path.read_text(encoding="utf-8").splitlines())
        if n > MAX_LINES and rel not in LONG_MODULES_BEING_SPLIT:
            long[rel] = n
    assert not long, f"split these modules (at most {MAX_LINES} lines): {long}"


# ----------------------------------------------------------------- word lists live in data/

WORD_LIST_MIN = 8
_WORD = re.compile(r"[^\W\d_](?:[^\W\d_]|[ '’.&-])*")
# A regular-expression alternation of 8+ words: "january|february|...", "as\s+of|by|...".
_ITEM = r"[^\W\d_](?:[^\W\d_]|[\\+'’ .-])*"
_ALTERNATION = re.compile(rf"(?:{_ITEM}\|){{{WORD_LIST_MIN - 1},}}{_ITEM}")
WORD_LIST_DIRS = ("newsledger/extract", "newsledger/ingest")
# Names fixed by file formats or by spaCy, not by the language of the news: HTML element names,
# schema.org types and meta names; spaCy's NER and dependency labels. They change with the formats
# or the model, never with a domain or a better list.
FORMAT_VOCABULARIES = {
    "newsledger/ingest/html.py": {"_BLOCK", "_DROP", "_ARTICLE_TYPES", "_DATE_META"},
    "newsledger/extract/constituents.py": {"_COMPLEMENTS"},  # spaCy dependency labels
    "newsledger/extract/entities.py": {"LABELS"},
    "newsledger/extract/frames.py": {"_EMBEDDED_DEPS"},
    "newsledger/extract/nounphrase.py": {"_LEFT_DEPS"},
}


def _words(nodes: list[ast.expr | None]) -> int:
    return sum(
        isinstance(n, ast.Constant) and isinstance(n.value, str) and _WORD.fullmatch(n.value) is not None
        for n in nodes
    )


def word_lists(path: Path) -> list[tuple[str, int, int]]:
    """(owner, line, words) for each set/list/tuple literal of 8+ words, dict with 8+ word keys, or
    regular expression with an alternation of 8+ words.

    ``owner`` is the name the literal is assigned to at module level, or the enclosing function.
    A word is a string constant of letters, spaces, apostrophes, hyphens, dots and ampersands.
    """
    tree = ast.parse(path.read_text(encoding="utf-8"))
    out = []
    for top in tree.body:
        if isinstance(top, ast.Assign | ast.AnnAssign):
            targets = top.targets if isinstance(top, ast.Assign) else [top.target]
            owner = ",".join(ast.unparse(t) for t in targets)
        elif isinstance(top, ast.FunctionDef | ast.ClassDef):
            owner = top.name
        else:
            owner = "<module>"
        for node in ast.walk(top):
            n = 0
            if isinstance(node, ast.Set | ast.List | ast.Tuple):
                n = _words(list(node.elts))
            elif isinstance(node, ast.Dict):
                n = _words(list(node.keys))
            elif isinstance(node, ast.Constant) and isinstance(node.value, str):
                n = max((m.group(0).count("|") + 1 for m in _ALTERNATION.finditer(node.value)), default=0)
            if n >= WORD_LIST_MIN:
                out.append((owner, node.lineno, n))
    return out


def test_the_word_list_check_finds_word_lists() -> None:
    import tempfile

    code = (
        "A = frozenset({'one', 'two', 'three', 'four', 'five', 'six', 'seven', 'eight'})\n"
        "B = ('p', 'h1', 'h2', 'h3', 'h4', 'h5', 'h6', 'li')\n"
        "C = r'(?:on|in|by|since|as\\s+of|the|this past|until|\\d+)\\s+'\n"
        "D = r'(?:a|b|c|d|e|f|g|\\d+)'\n"
        "def f() -> dict[str, int]:\n"
        "    return {'jan.': 1, 'feb.': 2, 'march': 3, 'april': 4, 'may': 5, 'june': 6, 'jul': 7, 'aug': 8}\n"
    )
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "m.py"
        path.write_text(code, encoding="utf-8")
        assert word_lists(path) == [("A", 1, 8), ("C", 3, 8), ("f", 6, 8)]


def test_no_word_list_in_code_outside_data() -> None:
    found = []
    for folder in WORD_LIST_DIRS:
        for path in sorted((SRC / folder).rglob("*.py")):
            rel = str(path.relative_to(SRC))
            allowed = FORMAT_VOCABULARIES.get(rel, set())
            found += [
                f"{rel}:{line} {owner} ({n} words)"
                for owner, line, n in word_lists(path)
                if owner not in allowed
            ]
    assert not found, (
        "move these word lists to src/newsledger/data/ (listed in data/README.md):\n" + "\n".join(found)
    )


def test_a_test_without_the_model_marker_cannot_load_the_model() -> None:
    from newsledger.nlp import base_model, load_nlp

    with pytest.raises(AssertionError, match=r"mark it @pytest\.mark\.model"):
        load_nlp()
    with pytest.raises(AssertionError, match=r"mark it @pytest\.mark\.model"):
        base_model()
