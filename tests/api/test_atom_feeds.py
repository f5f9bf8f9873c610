"""The Atom feeds parse cleanly (feedparser, no bozo) and hold the events a reader follows."""

from __future__ import annotations

import feedparser
import pytest

from motions.models import Motion
from motions.services import record_status

pytestmark = pytest.mark.django_db


def parse(client, url: str):
    response = client.get(url)
    assert response.status_code == 200, (url, response.status_code)
    assert response["Content-Type"].startswith("application/atom+xml")
    feed = feedparser.parse(response.content)
    assert not feed.bozo, (url, feed.bozo_exception)
    assert feed.version == "atom10"
    return feed


@pytest.fixture
def history(letter, bz_staff):
    record_status(Motion.objects.by_key("35207-83").get(), to="in_uitvoering", by=bz_staff, reason="Gestart met de uitvoering")


def test_the_changes_feed_lists_the_newest_events(client, history):
    feed = parse(client, "/feeds/changes.atom")
    first = feed.entries[0]
    assert first.title == "Motie 35207-83: open → in uitvoering"
    assert first.link == "http://testserver/moties/35207-83/"
    assert "Gestart met de uitvoering" in first.summary
    assert len({e.id for e in feed.entries}) == len(feed.entries) > 10


def test_a_motion_feed_has_its_status_change_and_response(client, history):
    feed = parse(client, "/feeds/motions/kst-35207-83.atom")
    kinds = [e.tags[0].term for e in feed.entries]
    # Newest first: today's change, the letter's answer, then the demo's history (backfill).
    assert kinds == ["status_changed", "response_added", "status_changed", "vote_recorded", "motion_created"]
    assert "35207-83" in feed.feed.title


@pytest.mark.parametrize("url", ["/feeds/dossiers/35207.atom", "/feeds/members/jm-paternotte.atom", "/feeds/ministries/buitenlandse-zaken.atom"])
def test_dossier_member_and_ministry_feeds(client, history, url):
    feed = parse(client, url)
    assert any(e.title == "Motie 35207-83: open → in uitvoering" for e in feed.entries)


def test_the_search_feed_lists_matching_motions(client, history):
    feed = parse(client, "/feeds/search.atom?q=Tibetstrategie")
    assert [e.link for e in feed.entries] == ["http://testserver/moties/35207-84/"]
    assert client.get("/feeds/search.atom").status_code == 400


def test_unknown_or_malformed_subjects_are_404(client, demo):
    for url in ("/feeds/motions/nope.atom", "/feeds/motions/35207-999.atom", "/feeds/dossiers/1.atom", "/feeds/members/niemand.atom", "/feeds/ministries/geen.atom"):
        assert client.get(url).status_code == 404, url


def test_feeds_cost_a_constant_number_of_queries(client, history, django_assert_max_num_queries):
    with django_assert_max_num_queries(3):
        client.get("/feeds/changes.atom")
    with django_assert_max_num_queries(3):
        client.get("/feeds/members/jm-paternotte.atom")
