"""No test without an assertion: a test that cannot fail is a defect.

Every `test_*` function in tests/ must assert something itself: an `assert` statement,
`pytest.raises`/`pytest.warns`, Playwright's `expect(...)`, or a call of a helper whose
name says it asserts (`assert_*`, `*.assert_clean()`, `assert_max_queries`,
`django_assert_num_queries`). Helpers that assert
are named so; a test that only calls code and checks nothing is caught here.
"""

import ast
from pathlib import Path

TESTS = Path(__file__).resolve().parent


def _call_name(node: ast.Call) -> str:
    func = node.func
    if isinstance(func, ast.Attribute):
        return func.attr
    if isinstance(func, ast.Name):
        return func.id
    return ""


def _asserts(function: ast.FunctionDef) -> bool:
    for node in ast.walk(function):
        if isinstance(node, ast.Assert):
            return True
        if isinstance(node, ast.Call):
            name = _call_name(node)
            if name in ("raises", "warns", "expect", "fail") or "assert" in name:
                return True
    return False


def _test_functions():
    for path in sorted(TESTS.rglob("test_*.py")):
        tree = ast.parse(path.read_text(), filename=str(path))
        for node in ast.walk(tree):
            if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef) and node.name.startswith(
                "test_"
            ):
                yield f"{path.relative_to(TESTS)}::{node.name}", node


def test_every_test_asserts_something():
    silent = [name for name, function in _test_functions() if not _asserts(function)]
    assert silent == [], "These tests assert nothing:\n" + "\n".join(silent)


def test_the_guard_sees_a_test_that_asserts_nothing():
    tree = ast.parse("def test_nothing():\n    total = 1 + 1\n")
    assert not _asserts(tree.body[0])
    tree = ast.parse("def test_something():\n    assert 1 + 1 == 2\n")
    assert _asserts(tree.body[0])
