"""Settings come from the environment; production refuses to start without a secret key."""

import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def run_manage(*args: str, **env: str) -> subprocess.CompletedProcess:
    clean = {k: v for k, v in os.environ.items() if k not in {"SECRET_KEY", "DEBUG", "ALLOWED_HOSTS", "SECURE_SSL_REDIRECT"}}
    clean.update(env)
    return subprocess.run([sys.executable, "manage.py", *args], cwd=ROOT, env=clean, capture_output=True, text=True, timeout=120)


def test_it_refuses_to_start_without_a_secret_key_when_debug_is_off():
    result = run_manage("check", DEBUG="0")
    assert result.returncode != 0
    lines = [line for line in result.stderr.strip().splitlines() if line.strip()]
    assert lines == ["Configuration error: SECRET_KEY is not set (set it, or set DEBUG=1 for development)."]


def test_it_starts_with_a_development_key_when_debug_is_on():
    result = run_manage("check", DEBUG="1")
    assert result.returncode == 0, result.stderr


def test_the_deploy_checklist_passes_with_production_values():
    result = run_manage(
        "check",
        "--deploy",
        "--fail-level",
        "WARNING",
        DEBUG="0",
        SECRET_KEY="a-production-secret-that-is-long-and-random-0123456789-abcdefghijklmnop",
        ALLOWED_HOSTS="motietracker.example.org",
    )
    assert result.returncode == 0, result.stdout + result.stderr


def test_a_bad_database_url_is_one_clear_line():
    result = run_manage("check", DEBUG="1", DATABASE_URL="nonsense://")
    assert result.returncode != 0
    assert result.stderr.strip().startswith("Configuration error: DATABASE_URL")


def test_the_health_check_answers_by_ip_over_plain_http(client, db, settings):
    settings.ALLOWED_HOSTS = ["motietracker.example.org"]
    settings.SECURE_SSL_REDIRECT = True
    response = client.get("/healthz", HTTP_HOST="10.0.0.7:8000")
    assert response.status_code == 200
    assert response.json() == {"status": "ok"}
