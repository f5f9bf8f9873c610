"""scripts/audit_dependencies.py (CI's pip-audit step): fails on a vulnerability, passes with a
clear notice when the vulnerability service cannot be reached — checked with a stand-in pip-audit."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SCRIPT = ROOT / "scripts" / "audit_dependencies.py"


def fake_pip_audit(tmp_path: Path, stdout: str, stderr: str = "", code: int = 0) -> Path:
    tool = tmp_path / "pip-audit"
    tool.write_text(f"#!{sys.executable}\nimport sys\nsys.stdout.write({stdout!r})\nsys.stderr.write({stderr!r})\nsys.exit({code})\n")
    tool.chmod(0o755)
    return tool


def run(tool: Path) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, str(SCRIPT), str(ROOT / "requirements.lock"), "--pip-audit", str(tool)], capture_output=True, text=True, timeout=60)


def test_the_lock_file_pins_every_package_and_not_the_project():
    lines = [line for line in (ROOT / "requirements.lock").read_text().splitlines() if line.strip()]
    assert lines and all("==" in line for line in lines)
    assert not any(line.lower().startswith(("-e", "motietracker")) for line in lines)
    assert any(line.lower().startswith("django==") for line in lines)


def test_a_known_vulnerability_fails(tmp_path):
    report = {"dependencies": [{"name": "django", "version": "3.2.0", "vulns": [{"id": "PYSEC-2021-98", "fix_versions": ["3.2.1"]}]}]}
    done = run(fake_pip_audit(tmp_path, json.dumps(report), code=1))
    assert done.returncode == 1, done.stdout
    assert "PYSEC-2021-98" in done.stdout


def test_nothing_found_passes(tmp_path):
    done = run(fake_pip_audit(tmp_path, json.dumps({"dependencies": [{"name": "django", "version": "5.2", "vulns": []}]})))
    assert done.returncode == 0 and "no known vulnerabilities" in done.stdout


def test_an_unreachable_service_is_a_notice_not_a_pass_and_not_a_failure(tmp_path):
    skipped = {"dependencies": [{"name": "django", "version": "5.2", "skip_reason": "Dependency not found on PyPI"}]}
    done = run(fake_pip_audit(tmp_path, json.dumps(skipped)))
    assert done.returncode == 0
    assert "pip-audit could not reach its vulnerability service" in done.stdout and "NOT audited" in done.stdout
    crashed = run(fake_pip_audit(tmp_path, "", "requests.exceptions.ConnectionError: Failed to resolve 'api.osv.dev'", code=1))
    assert crashed.returncode == 0
    assert "pip-audit could not reach its vulnerability service" in crashed.stdout and "api.osv.dev" in crashed.stdout
