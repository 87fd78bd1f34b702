"""The nightly path never imports the bench: judging the linkage is not part of a night."""

import ast
from pathlib import Path

from crosswalk.settings import REPO_ROOT

NIGHTLY = [REPO_ROOT / "dags", REPO_ROOT / "crosswalk", REPO_ROOT / "matching"]
# The command line offers `crosswalk bench` and `crosswalk evaluate`, importing them on call.
ALLOWED = {REPO_ROOT / "crosswalk" / "cli.py"}


def _imports(file: Path) -> set[str]:
    found = set()
    for node in ast.walk(ast.parse(file.read_text())):
        if isinstance(node, ast.Import):
            found |= {alias.name for alias in node.names}
        elif isinstance(node, ast.ImportFrom) and node.module:
            found.add(node.module)
    return found


def test_no_nightly_module_imports_the_bench_package():
    offenders = sorted(str(f.relative_to(REPO_ROOT)) for folder in NIGHTLY
                       for f in folder.rglob("*.py") if f not in ALLOWED
                       and any(m.split(".")[0] == "crosswalk_bench" for m in _imports(f)))
    assert offenders == []
    assert any(m.startswith("crosswalk_bench") for m in _imports(REPO_ROOT / "crosswalk" / "cli.py"))
