"""CI's dependency audit: pip-audit on the locked requirements (requirements.lock).

    python scripts/audit_dependencies.py requirements.lock --pip-audit .ci-venv-audit/bin/pip-audit

Exit 1 only when a known vulnerability is found. When the vulnerability service cannot be reached
(no internet: pip-audit cannot look a single package up, or it fails on the connection), print a
clear notice and exit 0 — an audit that could not run must say so, not pass silently as "no known
vulnerabilities" and not fail CI for the network. The PyPI service is asked first, OSV second.
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys

NOTICE = "pip-audit could not reach its vulnerability service"


def audit(pip_audit: str, lock: str, service: str) -> tuple[dict | None, str]:
    """pip-audit's JSON report (None when it produced none) and the tail of its stderr."""
    command = [pip_audit, "-r", lock, "--no-deps", "--disable-pip", "--progress-spinner", "off", "-f", "json", "-s", service]
    try:
        done = subprocess.run(command, capture_output=True, text=True, timeout=600)
    except subprocess.TimeoutExpired:
        return None, "timed out after 600 s"
    try:
        report = json.loads(done.stdout)
    except ValueError:
        report = None
    lines = [line for line in done.stderr.splitlines() if line.strip() and "pip_audit._cli" not in line]
    return report, (lines[-1] if lines else f"exit status {done.returncode}")


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("lock")
    parser.add_argument("--pip-audit", default="pip-audit")
    args = parser.parse_args()

    reasons = []
    for service in ("pypi", "osv"):
        report, error = audit(args.pip_audit, args.lock, service)
        if report is None:
            reasons.append(f"{service}: {error}")
            continue
        dependencies = report.get("dependencies", [])
        audited = [d for d in dependencies if "skip_reason" not in d]
        vulnerable = [d for d in audited if d.get("vulns")]
        if vulnerable:
            print(f"pip-audit ({service}): {sum(len(d['vulns']) for d in vulnerable)} known vulnerabilities in {len(vulnerable)} packages:")
            for d in vulnerable:
                for v in d["vulns"]:
                    fixes = ", ".join(v.get("fix_versions") or []) or "no fix yet"
                    print(f"  {d['name']} {d['version']}: {v['id']} (fixed in: {fixes})")
            return 1
        if audited:
            skipped = len(dependencies) - len(audited)
            print(f"pip-audit ({service}): no known vulnerabilities in {len(audited)} packages" + (f"; {skipped} could not be audited" if skipped else ""))
            return 0
        reasons.append(f"{service}: none of {len(dependencies)} packages could be looked up ({dependencies[0]['skip_reason'] if dependencies else 'empty lock file'})")
    print(f"NOTICE: {NOTICE}; the dependencies in {args.lock} were NOT audited.")
    for reason in reasons:
        print(f"  {reason}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
