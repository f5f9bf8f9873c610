"""Every error is {"error": {"code", "message", "fields"}} — unknown paths, wrong methods, bad
bodies, throttling and even our own bugs — and nothing is ever an HTML page or a bare 500."""

from __future__ import annotations

import pytest

from tests.api.conftest import auth

pytestmark = pytest.mark.django_db


def shape(response) -> dict:
    body = response.json()
    assert set(body) == {"error"} and set(body["error"]) == {"code", "message", "fields"}, body
    assert body["error"]["message"]
    return body["error"]


def test_an_unknown_path_under_api_is_a_json_404(api, db):
    response = api.get("/api/v1/nothing-here/")
    assert response.status_code == 404 and response["Content-Type"].startswith("application/json")
    assert shape(response)["code"] == "not_found"


def test_django_404_and_500_handlers_answer_json_for_api_paths(rf):
    from common.api_errors import not_found, server_error

    import json

    assert json.loads(not_found(rf.get("/api/v1/x/"), None).content)["error"]["code"] == "not_found"
    assert json.loads(server_error(rf.get("/api/v1/x/")).content)["error"]["code"] == "server_error"
    assert not server_error(rf.get("/moties/")).content.startswith(b"{")


def test_a_wrong_method_is_405(api, demo):
    response = api.delete("/api/v1/motions/35207-83/")
    assert response.status_code == 405 and shape(response)["code"] == "method_not_allowed"


def test_malformed_json_is_400(api, demo, bz_token):
    for body in (b"{not json", b'{"status": NaN}', b"\xff\xfe"):
        response = api.post("/api/v1/motions/35207-83/status/", body, content_type="application/json", HTTP_IF_MATCH='"x"', **auth(bz_token))
        assert response.status_code == 400, body
        assert shape(response)["code"] == "malformed_request"


def test_an_oversized_json_body_is_413(api, demo, bz_token, settings):
    settings.DATA_UPLOAD_MAX_MEMORY_SIZE = 1000
    response = api.post("/api/v1/motions/35207-83/status/", b'{"reason": "' + b"x" * 5000 + b'"}', content_type="application/json", HTTP_IF_MATCH='"x"', **auth(bz_token))
    assert response.status_code == 413 and shape(response)["code"] == "payload_too_large"


def test_a_json_body_that_is_not_an_object_is_400(api, demo, bz_token):
    etag = api.get("/api/v1/motions/35207-83/")["ETag"]
    response = api.post("/api/v1/motions/35207-83/status/", b"[1, 2]", content_type="application/json", HTTP_IF_MATCH=etag, **auth(bz_token))
    assert response.status_code == 400 and shape(response)["code"] == "invalid"


def test_anonymous_clients_are_throttled_with_retry_after(api, demo, settings):
    settings.REST_FRAMEWORK = {**settings.REST_FRAMEWORK, "DEFAULT_THROTTLE_RATES": {"anon": "3/minute", "user": "100/minute"}}
    statuses = [api.get("/api/v1/ministries/").status_code for _ in range(4)]
    assert statuses == [200, 200, 200, 429]
    response = api.get("/api/v1/ministries/")
    assert shape(response)["code"] == "throttled"
    assert 0 < int(response["Retry-After"]) <= 60


def test_anonymous_clients_count_against_the_anonymous_rate_only(api, demo, settings):
    settings.REST_FRAMEWORK = {**settings.REST_FRAMEWORK, "DEFAULT_THROTTLE_RATES": {"anon": "5/minute", "user": "2/minute"}}
    assert [api.get("/api/v1/ministries/").status_code for _ in range(6)] == [200] * 5 + [429]


def test_clients_with_a_token_are_throttled_at_the_user_rate(api, demo, settings, bz_token):
    settings.REST_FRAMEWORK = {**settings.REST_FRAMEWORK, "DEFAULT_THROTTLE_RATES": {"anon": "1/minute", "user": "3/minute"}}
    statuses = [api.get("/api/v1/ministries/", **auth(bz_token)).status_code for _ in range(4)]
    assert statuses == [200, 200, 200, 429]


def test_an_unexpected_error_is_a_json_500_and_is_logged(api, demo, monkeypatch, caplog):
    import api.views as api_views

    def broken(*args, **kwargs):
        raise RuntimeError("boom")

    monkeypatch.setattr(api_views, "read_motion", broken)
    api.raise_request_exception = False
    response = api.get("/api/v1/motions/35207-83/")
    assert response.status_code == 500 and shape(response)["code"] == "server_error"
    assert "boom" not in response.content.decode()
    assert any("unhandled error" in r.getMessage() for r in caplog.records)


def test_unsupported_accept_is_406(api, demo):
    response = api.get("/api/v1/motions/", HTTP_ACCEPT="text/csv")
    assert response.status_code == 406 and shape(response)["code"] == "not_acceptable"


def test_huge_ids_are_404_not_500(api, demo):
    assert api.get("/api/v1/commitments/999999999999999999/").status_code == 404
    assert api.get("/api/v1/letters/999999999999999999/").status_code == 404
    assert api.get("/api/v1/dossiers/999999/").status_code == 404
    assert api.get("/api/v1/motions/999999-999999/").status_code == 404
