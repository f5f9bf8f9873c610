"""The public pages: what each shows, from the demo data (the seed letter's motions and the letter)."""

import datetime as dt
import re

import pytest
from django.urls import reverse

from letters.ingest import ingest_letter
from motions.models import Event, Motion, Status
from motions.services import record_status

from ..letters.documents import SEED_LETTER


@pytest.fixture
def letter(demo):
    return ingest_letter(SEED_LETTER, title="Kabinetsreactie op de China-strategie", date=dt.date(2025, 10, 3))


def text(response) -> str:
    assert response.status_code == 200, response.status_code
    return response.content.decode()


def test_the_home_page_has_a_search_box_counts_by_status_recent_changes_and_overdue(client, letter):
    body = text(client.get("/"))
    assert '<form class="search-form" role="search" action="/moties/" method="get">' in body
    assert '<label for="home-q">Zoek een motie</label>' in body
    # Counts by status link to the list with that status.
    assert re.search(r'href="/moties/\?status=open"><span class="badge status-open">open</span> <span class="count">11</span>', body)
    # Recent changes: new answers found in the letter, each linking into the letter at its place.
    latest = Event.objects.filter(kind=Event.Kind.RESPONSE_ADDED, motion__isnull=False).latest("seq")
    assert "Antwoord gevonden in een brief" in body
    assert f'href="/brieven/{letter.pk}/#cite-{latest.citation_id}"' in body
    assert f'href="/moties/{latest.motion.kamerstuk.key}/"' in body
    # Overdue highlights: the seed motions' deadlines passed long ago (their votes were in 2025).
    assert "Over de termijn" in body and "termijn 14 juli 2025" in body
    assert 'href="/moties/?overdue=true&amp;sort=deadline"' in body


def test_the_home_page_lists_a_status_change_with_its_reason(client, letter, staff_user):
    motion = Motion.objects.get(kamerstuk__key="35207-89")
    record_status(motion, to=Status.IN_UITVOERING, by=staff_user, reason="Nederland pleit in Brussel voor uitbreiding", citation=letter.citations.get(key="35207-89"))
    body = text(client.get("/"))
    assert "Status gewijzigd" in body and "Nederland pleit in Brussel voor uitbreiding" in body
    assert '<span class="badge status-in_uitvoering">in uitvoering</span>' in body


def test_a_motion_page_by_key(client, demo):
    body = text(client.get("/moties/35207-83/"))
    assert "zich altijd uitspreken tegen Chinese escalatie" in body
    assert "verzoekt het kabinet zich altijd uit te spreken" in body
    assert "J.M. Paternotte" in body and '(<a href="/fracties/d66/">D66</a>)' in body
    assert "https://zoek.officielebekendmakingen.nl/kst-35207-83.html" in body
    assert "2025Z06902" in body  # the tweedekamer.nl link


def test_the_motion_page_shows_the_request_the_facts_and_the_status_badge(client, demo):
    body = text(client.get("/moties/35207-83/"))
    request = re.search(r'<blockquote class="request" lang="nl">(.*?)</blockquote>', body, re.S).group(1)
    assert request.startswith("verzoekt het kabinet") and "en gaat over tot de orde van de dag" not in request
    assert '<span class="badge badge-lg status-open">open</span>' in body
    assert "<dt>Kabinetsappreciatie</dt><dd>Oordeel Kamer" in body
    assert "<dt>Ministerie</dt><dd><a href=\"/ministeries/buitenlandse-zaken/\">Buitenlandse Zaken</a>" in body
    assert "14 juli 2025" in body and "Over de termijn: die liep af op 14 juli 2025." in body


def test_the_vote_is_a_bar_of_seats_by_party_with_the_same_numbers_as_text(client, demo):
    body = text(client.get("/moties/35207-83/"))
    motion = Motion.objects.get(kamerstuk__key="35207-83")
    seats_for = sum(v.seats for v in motion.votes.filter(choice="voor"))
    seats_against = sum(v.seats for v in motion.votes.filter(choice="tegen"))
    assert f"{seats_for} zetels voor, {seats_against} tegen." in body
    bar = re.search(r'<div class="votebar" aria-hidden="true">(.*?)</div>\s*<div class="votebar-scale">', body, re.S).group(1)
    segments = re.findall(r'<span class="seg seg-(\w+) g(\d+)" title="([^"]+)">', bar)
    assert sum(int(n) for choice, n, _ in segments if choice == "voor") == seats_for
    assert sum(int(n) for choice, n, _ in segments if choice == "tegen") == seats_against
    assert ("voor", "9", "D66: voor (9)") in segments
    # The bar is decoration for sighted readers; the lists carry the same facts as text.
    assert f"Voor ({seats_for} zetels)" in body and '<li>D66 <span class="seats">9</span></li>' in body


def test_one_timeline_holds_submission_vote_answer_status_and_deadline_in_order(client, letter, staff_user):
    motion = Motion.objects.get(kamerstuk__key="35207-95")
    citation = letter.citations.get(key="35207-95")
    record_status(motion, to=Status.IN_UITVOERING, by=staff_user, reason="Het vervolgonderzoek loopt", citation=citation)
    body = text(client.get("/moties/35207-95/"))
    timeline = re.search(r'<ol class="timeline">(.*?)</ol>', body, re.S).group(1)
    kinds = re.findall(r'<li class="tl tl-(\w+)', timeline)
    # The motion opened on the day of the vote, before its deadline and the answer.
    assert kinds[:4] == ["submitted", "voted", "status", "deadline"] and kinds.count("response") == 1 and kinds.count("status") == 2
    assert kinds.index("response") < len(kinds) - 1  # the answer (3 October 2025) before today's status change
    # The answer: the letter, its paragraph and footnote, the excerpt, and a link into the letter at that place.
    assert "Kabinetsreactie op de China-strategie" in timeline and "voetnoot 12" in timeline
    assert "vervolgonderzoek" in timeline
    assert f'href="/brieven/{letter.pk}/#cite-{citation.pk}"' in timeline
    # The status change: old → new, the reason, and its source letter.
    assert 'open → <span class="badge status-in_uitvoering">in uitvoering</span>' in timeline
    assert "Het vervolgonderzoek loopt" in timeline
    assert timeline.count(f'href="/brieven/{letter.pk}/#cite-{citation.pk}"') == 2
    assert str(staff_user.username) not in timeline  # staff names stay internal


def test_the_motion_page_links_its_atom_feed_and_the_follow_button(client, demo):
    body = text(client.get("/moties/35207-83/"))
    assert '<link rel="alternate" type="application/atom+xml" href="/feeds/motions/35207-83.atom"' in body
    assert 'href="/feeds/motions/35207-83.atom" type="application/atom+xml"' in body
    motion = Motion.objects.get(kamerstuk__key="35207-83")
    assert f'action="{reverse("alerts-subscribe")}"' in body
    assert '<input type="hidden" name="subject_kind" value="motion">' in body
    assert f'<input type="hidden" name="subject_id" value="{motion.pk}">' in body


def test_a_motion_without_an_answer_says_so(client, demo):
    body = text(client.get("/moties/35207-88/"))
    assert "Er is nog geen brief gevonden die op deze motie antwoordt." in body
    assert "niet gevolgd" in body and "Alleen aangenomen en overgenomen moties krijgen een uitvoeringsstatus." in body


def test_other_spellings_of_a_key_redirect_to_the_one_url(client, demo):
    response = client.get("/moties/kst-35207-83/")
    assert response.status_code == 301
    assert response["Location"] == reverse("motion-detail", args=["35207-83"])


def test_a_budget_chapter_motion_page(client, demo):
    assert "elektrische auto" in text(client.get("/moties/36600-V-31/"))


def test_unknown_and_malformed_keys_are_not_found_with_a_friendly_page(client, demo):
    assert client.get("/moties/35207-1/").status_code == 404
    response = client.get("/moties/not-a-key/")
    assert response.status_code == 404
    assert "Deze pagina bestaat niet" in response.content.decode() and 'name="q"' in response.content.decode()
    assert client.get("/dossiers/99999999999/").status_code == 404


def test_the_dossier_page_counts_statuses_and_lists_its_motions_and_papers(client, demo):
    body = text(client.get("/dossiers/35207/"))
    assert "10 moties in dit dossier" in body
    assert 'href="/moties/?dossier=35207&amp;status=open"' in body
    assert 'href="/moties/?dossier=35207"' in body  # search within the dossier
    assert '<link rel="alternate" type="application/atom+xml" href="/feeds/dossiers/35207.atom"' in body
    assert '<input type="hidden" name="subject_kind" value="dossier">' in body
    assert body.count('<tr>') - 1 == 10
    assert 'id="kst-35207-81"' in body  # the other papers


def test_member_party_and_ministry_pages_show_their_motions_counts_and_follow_buttons(client, demo):
    member = text(client.get("/leden/jm-paternotte/"))
    assert "moties ingediend of medeondertekend" in member and 'href="/moties/?submitter=jm-paternotte"' in member
    assert 'value="member"' in member and "/feeds/members/jm-paternotte.atom" in member
    party = text(client.get("/fracties/d66/"))
    assert "moties van deze fractie" in party and 'href="/moties/?party=d66"' in party and 'value="party"' in party
    assert "J.M. Paternotte" in party  # its members
    ministry = text(client.get("/ministeries/buitenlandse-zaken/"))
    assert "11 moties voor dit ministerie" in ministry and "11 moties zijn over de termijn." in ministry
    assert 'value="ministry"' in ministry and "/feeds/ministries/buitenlandse-zaken.atom" in ministry


def test_the_commitment_page_shows_its_answer(client, letter):
    commitment = letter.citations.get(target="commitment").commitment
    body = text(client.get(commitment.get_absolute_url()))
    assert "Antwoorden van de regering" in body and "Kabinetsreactie op de China-strategie" in body
    assert f"#cite-{letter.citations.get(target='commitment').pk}" in body


def test_the_about_page_explains_every_status_and_the_sources(client, db):
    body = text(client.get("/over/"))
    for value, label in Status.choices:
        assert f'<span class="badge status-{value}">{label}</span>' in body
    for word in ("aangenomen", "verworpen", "aangehouden", "Oordeel Kamer", "open data", "officielebekendmakingen.nl", "CC0"):
        assert word in body


def test_the_letter_list_shows_how_many_motions_each_letter_answers(client, letter):
    body = text(client.get("/brieven/"))
    assert "Kabinetsreactie op de China-strategie" in body and "antwoordt op 12 moties of toezeggingen" in body


def test_every_page_links_the_about_page_and_offers_english(client, demo):
    body = text(client.get("/moties/"))
    assert 'href="/over/"' in body
    assert '<button type="submit" name="language" value="en" lang="en">English</button>' in body


def test_the_ministry_page_lists_its_commitments(client, demo):
    body = text(client.get("/ministeries/economische-zaken/"))
    assert "<h2 id=\"h-commitments\">Toezeggingen</h2>" in body and "economische veiligheid" in body


def test_the_server_error_page_needs_no_request_or_database(django_assert_num_queries, db):
    from django.template.loader import render_to_string

    with django_assert_num_queries(0):
        html = render_to_string("500.html")
    assert "Er ging iets mis" in html and 'href="/static/css/site.css"' in html
