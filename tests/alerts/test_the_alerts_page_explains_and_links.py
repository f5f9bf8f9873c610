"""/meldingen/ (named in README) is a page about alerts that links to what exists."""

from django.test import override_settings


def test_the_page_answers_and_links_to_every_way_of_following(client, demo):
    response = client.get("/meldingen/")
    assert response.status_code == 200
    page = response.content.decode()
    for href in ('href="/moties/"', 'href="/feeds/changes.atom"', 'href="/api/v1/subscriptions/"', 'href="/api/v1/webhooks/"', 'href="/api/v1/docs/"'):
        assert href in page, href
    assert "Volgen" in page


def test_the_page_speaks_english_too(client, db):
    with override_settings(LANGUAGE_CODE="en"):
        response = client.get("/meldingen/", HTTP_ACCEPT_LANGUAGE="en")
    assert response.status_code == 200
