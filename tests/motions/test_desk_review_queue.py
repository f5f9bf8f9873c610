"""The review queue on the staff desk: one suggestion at a time or a list, decided with plain forms
(POST-redirect-GET, no JavaScript needed), every decision through the letters' review service."""

import pytest

from letters.ingest import ingest_letter
from letters.models import Citation
from motions.models import Event, Motion, StatusChange
from tests.letters.documents import SEED_LETTER


@pytest.fixture
def letter(bz_staff):
    import datetime as dt

    return ingest_letter(SEED_LETTER, title="Kabinetsreactie op de initiatiefnota China", date=dt.date(2025, 10, 3))


def recorded():
    """Status changes made since the demo loaded (its first statuses have no author)."""
    return StatusChange.objects.filter(by__isnull=False)


def queue_pks():
    """The suggestions a Buitenlandse Zaken officer may decide, in queue order."""
    return list(
        Citation.objects.suggested()
        .filter(target__in=["motion", "commitment"], kamerstuk__motion__ministry__abbreviation="BZ")
        .order_by("letter__date", "letter_id", "start", "pk")
        .values_list("pk", flat=True)
    )


def test_an_item_shows_the_sentence_the_suggestion_and_the_motions_ask(client, bz_staff, letter):
    client.force_login(bz_staff)
    cite = letter.citations.get(key="35207-83")
    body = client.get(f"/beheer/beoordelen/{cite.pk}/").content.decode()
    assert "<mark>Conform de motie</mark> 35 207, nr. 83 van het lid Paternotte c.s." in body  # the sentence, evidence marked
    assert "verzoekt het kabinet zich altijd uit te spreken tegen Chinese escalatie" in body  # the dictum
    assert "gaat over tot de orde van de dag" not in body
    assert 'value="accept"' in body and 'value="reject"' in body and 'data-shortcut="a"' in body
    assert 'src="/static/js/desk.js"' in body and "<script>" not in body  # no inline script under the CSP


def test_accepting_records_the_status_with_the_letter_as_source_and_shows_the_next_item(client, bz_staff, letter):
    client.force_login(bz_staff)
    order = queue_pks()
    cite = Citation.objects.get(pk=order[0])
    motion = cite.kamerstuk.motion
    response = client.post(f"/beheer/beoordelen/{cite.pk}/", {"action": "accept", "version": motion.version})
    assert response.status_code == 302 and response["Location"] == f"/beheer/beoordelen/{order[1]}/"
    cite.refresh_from_db()
    motion.refresh_from_db()
    assert cite.review == "confirmed" and cite.reviewed_by == bz_staff and cite.suggestion_accepted is True
    assert motion.status == cite.suggested_status
    change = recorded().get(motion=motion)
    assert change.citation == cite and change.by == bz_staff and "Volgens de brief" in change.reason
    assert Event.objects.filter(kind=Event.Kind.RESPONSE_CONFIRMED, citation_id=cite.pk).exists()
    assert Event.objects.filter(kind=Event.Kind.STATUS_CHANGED, motion=motion).exists()
    followed = client.get(response["Location"])
    assert "bevestigd" in followed.content.decode() or "overgenomen" in followed.content.decode()


def test_rejecting_changes_no_status(client, bz_staff, letter):
    client.force_login(bz_staff)
    cite = Citation.objects.get(pk=queue_pks()[0])
    response = client.post(f"/beheer/beoordelen/{cite.pk}/", {"action": "reject"})
    assert response.status_code == 302
    cite.refresh_from_db()
    assert cite.review == "rejected" and not recorded().exists()


def test_another_status_needs_a_reason_and_then_goes_through_the_workflow(client, bz_staff, letter):
    client.force_login(bz_staff)
    cite = letter.citations.get(key="35207-84")
    response = client.post(f"/beheer/beoordelen/{cite.pk}/", {"action": "other", "status": "afgedaan", "reason": ""})
    assert response.status_code == 400 and "Geef een reden" in response.content.decode()
    cite.refresh_from_db()
    assert cite.review == "suggested" and not recorded().exists()
    response = client.post(f"/beheer/beoordelen/{cite.pk}/", {"action": "other", "status": "afgedaan", "reason": "Het beleid is aangepast."})
    assert response.status_code == 302
    change = recorded().get()
    assert change.new_status == "afgedaan" and change.reason == "Het beleid is aangepast." and change.citation_id == cite.pk
    cite.refresh_from_db()
    assert cite.suggestion_accepted is False  # staff chose something else than suggested


def test_a_stale_version_is_refused_with_409_and_nothing_is_saved(client, bz_staff, letter):
    client.force_login(bz_staff)
    cite = letter.citations.get(key="35207-83")
    motion = cite.kamerstuk.motion
    response = client.post(f"/beheer/beoordelen/{cite.pk}/", {"action": "accept", "version": motion.version + 5})
    assert response.status_code == 409 and "intussen gewijzigd" in response.content.decode()
    cite.refresh_from_db()
    assert cite.review == "suggested" and not recorded().exists()


def test_staff_of_another_ministry_see_only_their_items_and_cannot_decide_others(client, ezk_staff, letter):
    client.force_login(ezk_staff)
    body = client.get("/beheer/beoordelen/").content.decode()
    assert "35207-83" not in body and body.count("data-row") == Citation.objects.suggested().filter(commitment__ministry__abbreviation="EZ").count()
    cite = letter.citations.get(key="35207-83")
    response = client.post(f"/beheer/beoordelen/{cite.pk}/", {"action": "accept"})
    assert response.status_code == 403
    cite.refresh_from_db()
    assert cite.review == "suggested"


def test_the_list_decides_in_bulk_each_item_on_its_own(client, bz_staff, letter):
    client.force_login(bz_staff)
    body = client.get("/beheer/beoordelen/").content.decode()
    pks = queue_pks()
    assert body.count("data-row") == len(pks) == 11
    picked = pks[:3]
    response = client.post("/beheer/beoordelen/besluiten/", {"action": "reject", "ids": picked})
    assert response.status_code == 302 and response["Location"] == "/beheer/beoordelen/"
    assert set(Citation.objects.filter(pk__in=picked).values_list("review", flat=True)) == {"rejected"}
    assert queue_pks() == pks[3:]
    # One row's own button, without ticking anything.
    one = Citation.objects.get(pk=pks[3])
    client.post("/beheer/beoordelen/besluiten/", {"one": f"accept:{one.pk}"})
    one.refresh_from_db()
    assert one.review == "confirmed" and StatusChange.objects.filter(citation=one).count() == 1
    # Nothing ticked: a clear message, nothing changed.
    response = client.post("/beheer/beoordelen/besluiten/", {"action": "accept"}, follow=True)
    assert "Vink eerst" in response.content.decode() and queue_pks() == pks[4:]


def test_the_list_uses_a_constant_number_of_queries(client, bz_staff, letter, django_assert_max_num_queries):
    client.force_login(bz_staff)
    with django_assert_max_num_queries(8):
        assert client.get("/beheer/beoordelen/").status_code == 200


def test_the_queue_starts_at_the_first_item_and_ends_at_the_list(client, bz_staff, letter):
    client.force_login(bz_staff)
    pks = queue_pks()
    assert client.get("/beheer/beoordelen/eerste/")["Location"] == f"/beheer/beoordelen/{pks[0]}/"
    for pk in pks:
        response = client.post(f"/beheer/beoordelen/{pk}/", {"action": "confirm"})
    assert response["Location"] == "/beheer/beoordelen/"
    assert client.get("/beheer/beoordelen/eerste/")["Location"] == "/beheer/beoordelen/"
    assert not queue_pks() and not recorded().exists()


def test_two_rows_about_the_same_motion_are_accepted_together(client, bz_staff, letter):
    """The second row's version is the one the list was rendered with; the first row's change, made in
    the same request, must not make it look stale."""
    client.force_login(bz_staff)
    motion = Motion.objects.by_key("35207-83").get()
    first = letter.citations.get(key="35207-83")
    second = Citation.objects.create(
        letter=letter, start=first.start + 100000, end=first.end + 100000, raw=first.raw, kind=first.kind, target="motion",
        key=first.key, kamerstuk=first.kamerstuk, excerpt="Motie 35 207, nr. 83 is in uitvoering.", suggested_status="in_uitvoering", review="suggested",
    )
    response = client.post("/beheer/beoordelen/besluiten/", {"action": "accept", "ids": [first.pk, second.pk], f"version-{first.pk}": motion.version, f"version-{second.pk}": motion.version})
    assert response.status_code == 302
    assert set(Citation.objects.filter(pk__in=[first.pk, second.pk]).values_list("review", flat=True)) == {"confirmed"}
    assert recorded().filter(motion=motion).count() == 1  # the second finds the status already set
