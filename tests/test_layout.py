"""The layout README describes ("Layout"), checked: which package may import which.

Every import in ``claims/`` (function-level ones too) is read from the source. Features sit on
the kernel (``claims.claim``), the pure core (``claims.domain``), the models and the platform
modules; a feature imports another only in the directions allowed here.
"""
from __future__ import annotations

import ast
from pathlib import Path

import pytest

from claims.config import PROJECT_ROOT

FEATURES = {"auth", "cases", "intake", "letters", "valuation", "register", "work", "outcomes", "audit_log"}
# The claim page composes letters, valuation, work (tasks, notes) and outcomes; letters read valuation; outcomes use
# letters (the signed CFA's terms, the completion statement, the client's secure link). Nothing else.
ALLOWED = {("cases", "letters"), ("cases", "valuation"), ("cases", "work"), ("cases", "outcomes"),
           ("letters", "valuation"), ("outcomes", "letters")}
# Composition roots build the app or a process from the features, so they may import any of them.
ROOTS = {"app", "worker", "cli", "demo"}


def _part(module: str) -> str:
    """``claims.letters.views`` → "letters"; ``claims.web`` → "web"."""
    parts = module.split(".")
    return parts[1] if len(parts) > 1 else ""


def _imports(path: Path) -> list[tuple[str, int]]:
    tree = ast.parse(path.read_text(), filename=str(path))
    found = []
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            names = [node.module] + [f"{node.module}.{alias.name}" for alias in node.names]
            found += [(name, node.lineno) for name in names if name.startswith("claims")]
        elif isinstance(node, ast.Import):
            found += [(alias.name, node.lineno) for alias in node.names if alias.name.startswith("claims")]
    return found


def _modules():
    for path in sorted((PROJECT_ROOT / "claims").rglob("*.py")):
        yield ".".join(path.relative_to(PROJECT_ROOT).with_suffix("").parts).removesuffix(".__init__"), path


def _broken_rules(module: str, imported: str) -> str | None:
    source, target = _part(module), _part(imported)
    if not target or target == source:
        return None
    if source == "domain":
        return "the pure core imports only itself"
    if source in ROOTS:
        return None
    if target in ROOTS:
        return f"{target} is a composition root: nothing imports it"
    if target in FEATURES and (source not in FEATURES or (source, target) not in ALLOWED):
        return f"{source} may not import the {target} feature"
    return None


def test_features_import_each_other_only_in_the_allowed_directions():
    problems = [f"{path.relative_to(PROJECT_ROOT)}:{line}: {module} imports {imported}: {why}"
                for module, path in _modules() for imported, line in _imports(path)
                if (why := _broken_rules(module, imported))]
    assert problems == []


def test_the_pure_core_imports_no_framework():
    problems = []
    for path in sorted((PROJECT_ROOT / "claims" / "domain").rglob("*.py")):
        tree = ast.parse(path.read_text())
        for node in ast.walk(tree):
            names = ([node.module or ""] if isinstance(node, ast.ImportFrom)
                     else [a.name for a in node.names] if isinstance(node, ast.Import) else [])
            problems += [f"{path.name}: {name}" for name in names
                         if name.split(".")[0] in {"flask", "flask_login", "flask_wtf", "sqlalchemy", "claims"}
                         and not name.startswith("claims.domain")]
    assert problems == []


@pytest.mark.parametrize("module, imported, allowed", [
    ("claims.cases.views", "claims.letters.context", True),
    ("claims.letters.context", "claims.valuation.review", True),
    ("claims.valuation.service", "claims.letters.context", False),  # valuation knows no letter
    ("claims.letters.views", "claims.cases.queries", False),  # nothing imports cases
    ("claims.valuation.forms", "claims.intake.forms", False),  # nothing imports intake
    ("claims.claim.facts", "claims.valuation.service", False),  # the kernel imports no feature
    ("claims.web", "claims.letters.views", False),  # nor does the platform
    ("claims.letters.tasks", "claims.worker", False),
    ("claims.worker", "claims.intake.tasks", True),
    ("claims.cases.views", "claims.work.panel", True),  # the claim page shows the claim's tasks and notes
    ("claims.letters.service", "claims.work.tasks", False),  # letters send an event; work listens
    ("claims.work.automatic", "claims.letters.service", False),
    ("claims.domain.limitation", "claims.models", False),
    ("claims.outcomes.statement", "claims.letters.documents", True),  # the completion statement is a letter
    ("claims.letters.portal", "claims.outcomes.portal", False),  # the portal reaches offers by a template global
])
def test_the_rule_itself(module, imported, allowed):
    assert (_broken_rules(module, imported) is None) is allowed


def test_importing_the_pure_core_builds_no_app_and_loads_no_flask():
    import subprocess
    import sys

    code = ("import sys, claims.domain.limitation, claims.domain.valuation, claims.domain.claim_facts; "
            "print(sorted(m for m in sys.modules if m.split('.')[0] in ('flask', 'sqlalchemy')))")
    out = subprocess.run([sys.executable, "-c", code], cwd=PROJECT_ROOT, capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "[]"
