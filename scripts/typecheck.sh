#!/usr/bin/env bash
# mypy with the Django and DRF stubs over the whole project, configured in pyproject.toml
# ([tool.mypy], [tool.django-stubs]). Exits non-zero on any error, so CI fails on one.
#   scripts/typecheck.sh                  # the virtualenv in .venv
#   VENV=.ci-venv scripts/typecheck.sh    # another one (CI)
# Extra arguments go to mypy, e.g. `scripts/typecheck.sh alerts/models.py`.
set -euo pipefail
cd "$(dirname "$0")/.."
VENV="${VENV:-.venv}"
# The stubs' plugin imports tracker.settings; DEBUG=1 lets it load without production secrets.
DEBUG=1 "$VENV/bin/mypy" "$@"
