"""Security basics: CSP without unsafe-inline, login throttling, escaped letter text, safe uploads."""

import base64
import hashlib
import re

from django.core.cache import cache
from django.urls import reverse


def test_every_page_has_a_content_security_policy_without_unsafe_inline(client, demo):
    for url in ["/", "/moties/", "/moties/35207-83/", "/admin/login/"]:
        policy = client.get(url)["Content-Security-Policy"]
        assert "default-src 'self'" in policy and "script-src 'self'" in policy and "frame-ancestors 'none'" in policy
        assert "unsafe-inline" not in policy and "unsafe-eval" not in policy


def test_the_printable_annex_allows_exactly_its_own_style_block(client, bz_staff):
    client.force_login(bz_staff)
    response = client.get("/beheer/bijlage/", {"ministry": bz_staff.staff_profile.ministry_id, "start": "2024-01-01", "end": "2025-12-31", "format": "html"})
    css = re.search(r"<style>(.*?)</style>", response.content.decode(), re.S).group(1)
    digest = base64.b64encode(hashlib.sha256(css.encode()).digest()).decode()
    assert f"'sha256-{digest}'" in response["Content-Security-Policy"]
    assert "unsafe-inline" not in response["Content-Security-Policy"]


def test_login_is_throttled_after_repeated_failures(client, django_user_model):
    cache.clear()
    django_user_model.objects.create_superuser("chef", "chef@example.org", "the-right-password-123")
    url = reverse("admin:login")
    for _ in range(5):
        response = client.post(url, {"username": "chef", "password": "wrong"})
        assert response.status_code == 200  # the form again, with an error
    blocked = client.post(url, {"username": "chef", "password": "the-right-password-123"})
    assert blocked.status_code == 429 and int(blocked["Retry-After"]) > 0
    assert "_auth_user_id" not in client.session  # not even the right password gets in now
    cache.clear()
    ok = client.post(url, {"username": "chef", "password": "the-right-password-123"})
    assert ok.status_code == 302


def test_guessing_across_accounts_from_one_address_is_throttled_too(client, django_user_model):
    cache.clear()
    url = reverse("admin:login")
    for i in range(5):
        client.post(url, {"username": f"user{i}", "password": "x"}, REMOTE_ADDR="203.0.113.9")
    assert client.post(url, {"username": "someone-else", "password": "x"}, REMOTE_ADDR="203.0.113.9").status_code == 429
    assert client.post(url, {"username": "someone-else", "password": "x"}, REMOTE_ADDR="198.51.100.1").status_code == 200
    cache.clear()


def test_uploaded_files_live_outside_the_static_root(settings):
    from pathlib import Path

    assert not Path(settings.MEDIA_ROOT).resolve().is_relative_to(Path(settings.STATIC_ROOT).resolve())
    assert settings.MEDIA_URL != settings.STATIC_URL


def test_no_secret_is_committed():
    """The only key in the repository is the development one, refused when DEBUG is off."""
    import subprocess
    from pathlib import Path

    root = Path(__file__).resolve().parents[1]
    tracked = subprocess.run(["git", "ls-files"], cwd=root, capture_output=True, text=True, check=True).stdout.split()
    pattern = re.compile(r"(?i)(secret_key|password|token)\s*=\s*['\"][A-Za-z0-9+/=_\-]{24,}['\"]")
    offenders = []
    for name in tracked:
        if not name.endswith((".py", ".env", ".yml", ".yaml", ".toml", ".cfg", ".ini")) or name.startswith("tests/"):
            continue
        text = (root / name).read_text(encoding="utf-8", errors="ignore")
        offenders += [f"{name}: {m.group(0)[:40]}" for m in pattern.finditer(text) if "django-insecure-dev-only" not in m.group(0)]
    assert offenders == []
