"""A saved search (words plus the motion list's filters) is told of each new motion it finds —
using the site's own search — and of nothing else."""

import pytest

from alerts.models import Subscription
from alerts.services import subject_fields
from motions.events import emit
from motions.models import Dossier, Event, Kamerstuk, Ministry, Motion

from .conftest import follow

pytestmark = pytest.mark.django_db


def new_motion(number: str, title: str, ministry: str = "BZ") -> Motion:
    dossier = Dossier.objects.get(number=35207, toevoeging="")
    paper = Kamerstuk.objects.create(dossier=dossier, number=number, kind="motie")
    motion = Motion.objects.create(kamerstuk=paper, title=title, outcome="ingediend", ministry=Ministry.objects.get(abbreviation=ministry))
    emit(Event.Kind.MOTION_CREATED, motion=motion, payload={"key": paper.key, "title": title})
    return motion


def test_only_matching_searches_hear_of_a_new_motion(demo, mailoutbox, fan_out):
    follow("china-bz@example.org", "search", query="sancties China", facets={"ministry": "buitenlandse-zaken"})
    follow("china-ez@example.org", "search", query="China", facets={"ministry": "economische-zaken"})
    follow("stikstof@example.org", "search", query="stikstof")
    follow("adopted@example.org", "search", query="China", facets={"outcome": ["aangenomen"]})
    follow("dossier@example.org", "dossier", Dossier.objects.get(number=35207, toevoeging=""))

    new_motion("999", "Motie van het lid Jansen over sancties tegen China")
    fan_out()
    assert [m.to[0] for m in mailoutbox] == ["china-bz@example.org"]
    message = mailoutbox[0]
    assert message.subject.startswith("[Motietracker] 35207-999: nieuwe motie")
    assert "/moties/35207-999/" in message.body and "zoekopdracht “sancties China”" in message.body


def test_one_query_per_distinct_search_not_per_subscriber(demo, mailoutbox, fan_out):
    for i in range(5):
        follow(f"s{i}@example.org", "search", query="China")
    new_motion("998", "Motie over China")
    new_motion("997", "Motie over Taiwan")
    fan_out()
    assert sorted(m.to[0] for m in mailoutbox) == [f"s{i}@example.org" for i in range(5)]
    assert all("35207-998" in m.subject for m in mailoutbox)


def test_the_button_s_query_string_becomes_words_and_filters():
    fields = subject_fields("search", "q=sancties+china&status=open&status=in_uitvoering&ministry=bz&page=3", by_pk=True)
    assert fields == {"subject_kind": "search", "query": "sancties china", "facets": {"status": ["open", "in_uitvoering"], "ministry": "bz"}}
    assert subject_fields("search", "gewoon woorden", by_pk=True)["query"] == "gewoon woorden"
    assert Subscription(subject_kind="search", query="a", facets={"x": "1"}).compute_subject_key() == Subscription(subject_kind="search", query="a", facets={"x": "1"}).compute_subject_key()
