"""The status form on the motion itself: status, reason, answering letter, deadline and owner in one
step, through the workflow services, all of it or nothing."""

import datetime as dt

import pytest

from letters.ingest import ingest_letter
from letters.models import Citation
from letters.review import confirm_response
from motions.models import Event, Motion, StatusChange
from tests.conftest import make_staff
from tests.letters.documents import SEED_LETTER

URL = "/beheer/moties/35207-83/status/"


@pytest.fixture
def letter(bz_staff):
    return ingest_letter(SEED_LETTER, title="Kabinetsreactie op de initiatiefnota China", date=dt.date(2025, 10, 3))


def form_data(motion, **values):
    data = {"status": "", "citation": "", "reason": "", "deadline": motion.deadline.isoformat() if motion.deadline else "", "owner": motion.owner_id or "", "version": motion.version}
    data.update(values)
    return data


def test_the_answering_letter_is_preselected_and_the_deadline_is_an_iso_date(client, bz_staff, letter):
    client.force_login(bz_staff)
    body = client.get(URL).content.decode()
    cite = letter.citations.get(key="35207-83")
    assert f'<option value="{cite.pk}" selected>' in body and "nog niet bevestigd" in body
    assert 'type="date" name="deadline" value="2025-07-14"' in body
    # Only the transitions the workflow allows from "open" are offered.
    assert '<option value="in_uitvoering">' in body and '<option value="open">' not in body


def test_status_deadline_and_owner_change_in_one_step_with_the_letter_confirmed(client, bz_staff, letter, django_user_model):
    colleague = make_staff(django_user_model, "bz2", bz_staff.staff_profile.ministry)
    client.force_login(bz_staff)
    motion = Motion.objects.by_key("35207-83").get()
    cite = letter.citations.get(key="35207-83")
    response = client.post(URL, form_data(motion, status="in_uitvoering", citation=cite.pk, reason="Nederland spreekt zich uit.", deadline="2026-03-01", owner=colleague.pk))
    assert response.status_code == 302 and response["Location"] == URL
    motion.refresh_from_db()
    cite.refresh_from_db()
    assert motion.status == "in_uitvoering" and motion.deadline == dt.date(2026, 3, 1) and motion.owner == colleague
    assert cite.review == "confirmed" and cite.reviewed_by == bz_staff
    change = StatusChange.objects.get(motion=motion, by=bz_staff)
    assert change.citation == cite and change.reason == "Nederland spreekt zich uit." and change.deadline == dt.date(2026, 3, 1)
    assert Event.objects.filter(motion=motion, kind=Event.Kind.ASSIGNED).exists()
    # The source letter is shown as confirmed on the desk and on the public page.
    assert "bevestigd door het ministerie" in client.get(URL).content.decode()
    public = client.get("/moties/35207-83/").content.decode()
    source = public[public.index("Bron") :]
    assert "bevestigd door het ministerie" in source[:600]
    letter_page = client.get(f"/brieven/{letter.pk}/").content.decode()
    side = letter_page[letter_page.index('id="h-answers"') :]
    item = side[side.index('href="/moties/35207-83/"') :]
    assert "bevestigd door het ministerie" in item[: item.index("</li>")]


def test_a_failing_step_saves_nothing(client, bz_staff, letter, django_user_model):
    client.force_login(bz_staff)
    motion = Motion.objects.by_key("35207-83").get()
    # niet_uitgevoerd needs a reason: the owner and deadline chosen in the same step must not be saved either.
    response = client.post(URL, form_data(motion, status="niet_uitgevoerd", reason="", deadline="2026-03-01", owner=bz_staff.pk))
    assert response.status_code == 400 and "een reden is verplicht" in response.content.decode()
    motion.refresh_from_db()
    assert motion.status == "open" and motion.deadline == dt.date(2025, 7, 14) and motion.owner is None and motion.version == 1
    assert not StatusChange.objects.filter(by=bz_staff).exists() and not Event.objects.filter(kind=Event.Kind.ASSIGNED).exists()


def test_a_stale_form_is_refused_with_409(client, bz_staff, letter):
    client.force_login(bz_staff)
    motion = Motion.objects.by_key("35207-83").get()
    stale = form_data(motion, status="afgedaan")
    confirm_response(letter.citations.get(key="35207-83"), by=bz_staff, status="in_uitvoering")
    response = client.post(URL, stale)
    assert response.status_code == 409 and "intussen gewijzigd" in response.content.decode()


def test_nothing_chosen_is_a_clear_error(client, bz_staff, letter):
    client.force_login(bz_staff)
    motion = Motion.objects.by_key("35207-83").get()
    response = client.post(URL, form_data(motion))
    assert response.status_code == 400 and "Er is niets gewijzigd" in response.content.decode()


def test_staff_of_another_ministry_may_not_open_it(client, ezk_staff, demo):
    client.force_login(ezk_staff)
    assert client.get(URL).status_code == 403


def test_a_commitment_has_the_same_form(client, demo, django_user_model):
    from motions.models import Commitment

    commitment = Commitment.objects.first()
    user = make_staff(django_user_model, "owner-ministry", commitment.ministry)
    client.force_login(user)
    url = f"/beheer/toezeggingen/{commitment.pk}/status/"
    assert client.get(url).status_code == 200
    response = client.post(url, {"status": "in_uitvoering", "reason": "", "citation": "", "deadline": "2026-06-30", "owner": "", "version": commitment.version})
    assert response.status_code == 302
    commitment.refresh_from_db()
    assert commitment.status == "in_uitvoering" and commitment.deadline == dt.date(2026, 6, 30)
    assert f'href="{url}"' in client.get(commitment.get_absolute_url()).content.decode()  # staff reach the form from the page
    client.logout()
    assert url not in client.get(commitment.get_absolute_url()).content.decode()
