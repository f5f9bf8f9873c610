"""Search finds a motion the way letters and people name it: by key in any spelling, by a member's
name, by a party; and a member's facet count agrees with the search for his name. The same on
SQLite and PostgreSQL (run with DATABASE_URL=postgres://… for the latter)."""

import pytest
from django.db.models import Q
from django.http import QueryDict
from rest_framework.test import APIClient

from motions.models import Member, Motion, Party, Sponsorship
from motions.search import search_motions
from web.views import MotionSearch


def keys(q):
    return set(search_motions(Motion.objects.all(), q).values_list("kamerstuk__key", flat=True))


@pytest.mark.parametrize("q", ["35207-83", "kst-35207-83", "35 207, nr. 83", "Kamerstuk 35207, nr. 83", "kamerstuk 35 207 nr. 83", "motie 35 207, nr. 83"])
def test_a_key_in_any_spelling_finds_exactly_that_motion(demo, q):
    assert keys(q) == {"35207-83"}


def paternotte() -> Member:
    return Member.objects.get(surname="Paternotte")


def sponsored_by(member: Member) -> set[str]:
    return set(Motion.objects.filter(sponsorships__member=member).values_list("kamerstuk__key", flat=True))


@pytest.mark.parametrize("q", ["Paternotte", "paternotte", "Jan Paternotte", "J.M. Paternotte"])
def test_a_members_name_finds_every_motion_he_signed(demo, q):
    member = paternotte()
    expected = sponsored_by(member)
    assert len(expected) > 5  # more than the motions whose title or text names him
    assert keys(q) == expected


def test_a_name_with_a_tussenvoegsel(demo):
    member = Member.objects.exclude(tussenvoegsel="").filter(sponsorships__isnull=False).first()
    assert member is not None
    name = f"{member.tussenvoegsel} {member.surname}"
    assert keys(name) == sponsored_by(member)
    assert keys(name.title()) == sponsored_by(member)


def test_a_party_finds_the_motions_its_members_signed(demo):
    d66 = Party.objects.get(abbreviation="D66")
    expected = set(
        Motion.objects.filter(sponsorships__in=Sponsorship.objects.filter(Q(party=d66) | Q(party__isnull=True, member__party=d66))).values_list("kamerstuk__key", flat=True)
    )
    assert expected and keys("D66") == expected and keys("d66") == expected


def test_the_member_facet_count_agrees_with_the_search_for_his_name(demo, client):
    member = paternotte()
    api = APIClient()
    by_name = api.get("/api/v1/motions/", {"q": "Jan Paternotte", "limit": 100}).json()["results"]
    by_facet = api.get("/api/v1/motions/", {"submitter": member.slug, "limit": 100}).json()["results"]
    assert {m["key"] for m in by_name} == {m["key"] for m in by_facet}
    # The member facet of the unfiltered list counts his motions; the search for his name lists as many.
    counts = {value: n for value, _label, n in MotionSearch(QueryDict("")).counts()["submitter"]}
    assert counts[member.slug] == len(by_name)
    page = client.get("/moties/", {"q": "Jan Paternotte"}).content.decode()
    assert f"{len(by_name)} moties" in page


def test_words_still_search_the_text(demo):
    assert "35207-83" in keys("Taiwan")
    assert keys("Jan Taiwan Paternotte Nonsenswoord") == set()
