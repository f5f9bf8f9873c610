"""API error messages are in one language: the one Accept-Language asks for, English by default."""

import pytest

from .conftest import auth

URL = "/api/v1/motions/35207-83/status/"


def _status(api, token, body, **headers):
    etag = api.get("/api/v1/motions/35207-83/")["ETag"]
    return api.post(URL, body, format="json", HTTP_IF_MATCH=etag, **auth(token), **headers)


def test_without_accept_language_a_not_found_is_english(api, db):
    response = api.get("/api/v1/motions/99999-1/")
    assert response.status_code == 404
    assert response.json()["error"]["message"] == "No motion with key 99999-1."
    assert response["Content-Language"] == "en"
    assert "Accept-Language" in response["Vary"]


def test_dutch_when_asked(api, db):
    response = api.get("/api/v1/motions/99999-1/", HTTP_ACCEPT_LANGUAGE="nl-NL,nl;q=0.9,en;q=0.5")
    assert response.json()["error"]["message"] == "Geen motie met sleutel 99999-1."
    assert response["Content-Language"] == "nl"


@pytest.mark.parametrize("header, words", [(None, "Select a valid choice"), ("nl", "Selecteer een geldige keuze"), ("fr, de", "Select a valid choice")])
def test_filter_errors_follow_the_header(api, db, header, words):
    extra = {"HTTP_ACCEPT_LANGUAGE": header} if header else {}
    response = api.get("/api/v1/motions/?status=bogus", **extra)
    assert response.status_code == 400
    assert words in response.json()["error"]["message"]


def test_workflow_errors_follow_the_header_too(api, demo, bz_token):
    english = _status(api, bz_token, {"status": "niet_uitgevoerd"})
    assert english.json()["error"]["message"] == "a reason is required for not carried out"
    dutch = _status(api, bz_token, {"status": "niet_uitgevoerd"}, HTTP_ACCEPT_LANGUAGE="nl")
    assert dutch.json()["error"]["message"] == "een reden is verplicht bij niet uitgevoerd"
    same = _status(api, bz_token, {"status": "open"})
    assert same.json()["error"]["message"] == "the status is already open"


def test_the_language_cookie_of_the_site_does_not_change_the_api(api, db):
    api.cookies["django_language"] = "nl"
    assert api.get("/api/v1/motions/99999-1/").json()["error"]["message"] == "No motion with key 99999-1."
