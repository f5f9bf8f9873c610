"""`make run HOST=… PORT=…` points links in e-mails, List-Unsubscribe and the annex at that address,
and its startup line says that mail goes to the console in development."""

import os
import subprocess
import sys
from pathlib import Path


ROOT = Path(__file__).resolve().parent.parent


def dry_run(*args: str) -> str:
    env = {k: v for k, v in os.environ.items() if k not in ("SITE_URL", "HOST", "PORT")}
    result = subprocess.run(["make", "-n", "-W", "pyproject.toml", "run", *args], cwd=ROOT, capture_output=True, text=True, env=env, timeout=60, check=True)
    return result.stdout


def test_host_and_port_become_the_site_url_of_every_step():
    commands = [line for line in dry_run("HOST=192.168.1.20", "PORT=9000").splitlines() if "manage.py" in line]
    assert commands and all("SITE_URL=http://192.168.1.20:9000" in line for line in commands), commands


def test_listening_on_every_interface_links_to_this_machine():
    out = dry_run("HOST=0.0.0.0", "PORT=8123")
    assert "SITE_URL=http://127.0.0.1:8123" in out


def test_an_explicit_site_url_wins():
    out = dry_run("HOST=0.0.0.0", "SITE_URL=https://motietracker.example.org")
    assert "SITE_URL=https://motietracker.example.org" in out


def test_the_site_urls_host_is_allowed_in_development():
    env = {**os.environ, "DEBUG": "1", "SITE_URL": "http://192.168.1.20:9000"}
    env.pop("ALLOWED_HOSTS", None)
    code = "from django.conf import settings; print(settings.ALLOWED_HOSTS)"
    out = subprocess.run([sys.executable, "-c", f"import django, os; os.environ.setdefault('DJANGO_SETTINGS_MODULE', 'tracker.settings'); django.setup(); {code}"], cwd=ROOT, env=env, capture_output=True, text=True, timeout=60, check=True).stdout
    assert "192.168.1.20" in out


def test_the_startup_line_says_mail_is_printed_to_the_console(settings):
    from tracker.devserver.management.commands.runserver import startup_lines

    settings.EMAIL_BACKEND = "django.core.mail.backends.console.EmailBackend"
    settings.SITE_URL = "http://192.168.1.20:9000"
    text = "\n".join(startup_lines(scheduler_running=True))
    assert "http://192.168.1.20:9000/" in text
    assert "console" in text.lower() and "e-mail" in text.lower()
