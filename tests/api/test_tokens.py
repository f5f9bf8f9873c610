"""API tokens: stored hashed, shown once (admin and `issue_token`), scoped to a user, revocable, expiring."""

from __future__ import annotations

import hashlib
from io import StringIO

import pytest
from django.core.management import CommandError, call_command
from django.urls import reverse

from tracker.models import ApiToken
from tests.api.conftest import auth

pytestmark = pytest.mark.django_db


def test_issue_token_prints_the_secret_once_and_stores_only_its_hash(bz_staff):
    out, err = StringIO(), StringIO()
    call_command("issue_token", "bz", "--expires-days", "30", "--name", "zaaksysteem", stdout=out, stderr=err)
    secret = out.getvalue().strip()
    token = ApiToken.objects.get()
    assert secret.startswith("mt_") and len(secret) > 40
    assert token.digest == hashlib.sha256(secret.encode()).hexdigest()
    assert secret not in str(token.__dict__) and token.name == "zaaksysteem" and token.user == bz_staff
    assert token.expires_at is not None and "will not be shown again" in err.getvalue()


def test_issue_token_refuses_unknown_users_and_bad_expiry(db):
    with pytest.raises(CommandError, match="no user"):
        call_command("issue_token", "nobody", stdout=StringIO(), stderr=StringIO())


def test_a_token_acts_as_its_user(api, demo, bz_staff):
    out = StringIO()
    call_command("issue_token", "bz", stdout=out, stderr=StringIO())
    etag = api.get("/api/v1/motions/35207-83/")["ETag"]
    response = api.post("/api/v1/motions/35207-83/status/", {"status": "in_uitvoering"}, format="json", HTTP_IF_MATCH=etag, HTTP_AUTHORIZATION=f"Token {out.getvalue().strip()}")
    assert response.status_code == 200
    assert response.json()["history"][-1]["by"] == "bz"


def test_malformed_authorization_headers_are_401(api, demo):
    for header in ("Bearer", "Bearer a b", "Token \u00e9\u00e9"):
        assert api.get("/api/v1/motions/", HTTP_AUTHORIZATION=header).status_code == 401, header
    assert api.get("/api/v1/motions/", HTTP_AUTHORIZATION="Basic abc").status_code == 200  # not ours: anonymous


def test_the_admin_shows_a_new_secret_once_and_can_revoke(staff_client, bz_staff, api, demo):
    response = staff_client.post(reverse("admin:tracker_apitoken_add"), {"user": bz_staff.pk, "name": "koppeling", "expires_at_0": "", "expires_at_1": ""})
    assert response.status_code == 200, response.content[:2000]
    page = response.content.decode()
    token = ApiToken.objects.get()
    secret = page.split('id="api-token-secret"', 1)[1].split(">", 1)[1].split("<", 1)[0]
    assert hashlib.sha256(secret.encode()).hexdigest() == token.digest
    assert "no-store" in response["Cache-Control"]
    assert secret not in staff_client.get(reverse("admin:tracker_apitoken_change", args=[token.pk])).content.decode()
    assert api.get("/api/v1/motions/", **auth(secret)).status_code == 200

    staff_client.post(reverse("admin:tracker_apitoken_changelist"), {"action": "revoke", "_selected_action": [token.pk]})
    token.refresh_from_db()
    assert token.revoked_at is not None
    assert api.get("/api/v1/motions/", **auth(secret)).status_code == 401


def test_a_deactivated_user_s_token_stops_working(api, demo, bz_staff):
    secret = ApiToken.issue(bz_staff)[1]
    bz_staff.is_active = False
    bz_staff.save()
    assert api.get("/api/v1/motions/", **auth(secret)).status_code == 401
