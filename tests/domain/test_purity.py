"""The domain core must not import Flask or SQLAlchemy, even indirectly.

``claims/__init__.py`` builds the Flask app and so imports Flask itself. To test the
domain package's own imports, the subprocess registers a bare ``claims`` package (same
directory, without running its ``__init__``) before importing ``claims.domain``.
"""
import ast
import subprocess
import sys
from pathlib import Path

PROJECT_ROOT = Path(__file__).resolve().parents[2]
DOMAIN_DIR = PROJECT_ROOT / "claims" / "domain"
FORBIDDEN = {"flask", "sqlalchemy", "flask_sqlalchemy", "flask_login", "flask_wtf", "wtforms"}

SCRIPT = """
import importlib, pkgutil, sys, types
claims = types.ModuleType("claims")
claims.__path__ = [{claims_dir!r}]
sys.modules["claims"] = claims
import claims.domain
names = [info.name for info in pkgutil.walk_packages(claims.domain.__path__, "claims.domain.")]
for name in names:
    importlib.import_module(name)
forbidden = {forbidden!r}
leaked = sorted(m for m in sys.modules if m.split(".")[0] in forbidden)
print(len(names))
print(",".join(leaked))
"""


def test_domain_imports_neither_flask_nor_sqlalchemy():
    script = SCRIPT.format(claims_dir=str(PROJECT_ROOT / "claims"), forbidden=FORBIDDEN)
    done = subprocess.run(
        [sys.executable, "-c", script], cwd=PROJECT_ROOT, capture_output=True, text=True, check=False,
    )
    assert done.returncode == 0, done.stderr
    count, leaked = done.stdout.splitlines()
    assert int(count) >= 6  # vocab, money, deadlines, limitation, screening, status
    assert leaked == ""


def test_no_domain_source_file_names_a_web_or_database_library():
    for path in DOMAIN_DIR.rglob("*.py"):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Import):
                roots = {alias.name.split(".")[0] for alias in node.names}
            elif isinstance(node, ast.ImportFrom) and node.level == 0:
                roots = {(node.module or "").split(".")[0]}
            else:
                continue
            assert not roots & FORBIDDEN, f"{path.name} imports {roots & FORBIDDEN}"
