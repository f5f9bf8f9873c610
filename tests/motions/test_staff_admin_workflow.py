"""A staff member of one ministry does the daily work in the admin — and cannot touch another's."""

from django.urls import reverse

from letters.ingest import ingest_letter
from letters.models import Citation
from motions.models import Motion, StatusChange
from tests.letters.documents import SEED_LETTER


def test_staff_find_their_overdue_motions_in_my_ministry(client, bz_staff, ezk_staff):
    client.force_login(bz_staff)
    body = client.get(reverse("admin:motions_motion_changelist"), {"overdue": "yes"}).content.decode()
    assert "35207-83" in body and "mijn ministerie" in body
    client.force_login(ezk_staff)
    body = client.get(reverse("admin:motions_motion_changelist"), {"overdue": "yes"}).content.decode()
    assert "35207-83" not in body  # their own ministry has none
    body = client.get(reverse("admin:motions_motion_changelist"), {"overdue": "yes", "mine": "all"}).content.decode()
    assert "35207-83" in body  # reading everything is allowed


def test_staff_confirm_a_suggested_response_and_record_the_status_from_it(client, bz_staff):
    letter = ingest_letter(SEED_LETTER, title="Kabinetsreactie")
    citation = letter.citations.get(key="35207-94")
    client.force_login(bz_staff)
    url = reverse("admin:letters_response_changelist")
    page = client.post(url, {"action": "confirm_in_uitvoering", "_selected_action": [citation.pk]})
    assert "Bevestigen en status vastleggen" in page.content.decode()  # asks for a reason first
    client.post(url, {"action": "confirm_in_uitvoering", "_selected_action": [citation.pk], "apply": "1", "reason": "De brief meldt voortgezette inzet"})
    citation.refresh_from_db()
    assert citation.review == "confirmed" and citation.reviewed_by == bz_staff
    motion = Motion.objects.by_key("35207-94").get()
    assert motion.status == "in_uitvoering"
    change = StatusChange.objects.filter(motion=motion).latest("id")
    assert (change.citation, change.by, change.reason) == (citation, bz_staff, "De brief meldt voortgezette inzet")
    # The motion page's timeline shows the letter, the excerpt and the change.
    body = client.get("/moties/35207-94/").content.decode()
    assert "Kabinetsreactie" in body and "betekenisvolle deelname van Taiwan" in body and "De brief meldt voortgezette inzet" in body


def test_other_ministry_staff_cannot_confirm_through_the_queue(client, ezk_staff):
    letter = ingest_letter(SEED_LETTER)
    citation = letter.citations.get(key="35207-94")
    client.force_login(ezk_staff)
    client.post(reverse("admin:letters_response_changelist"), {"action": "confirm_in_uitvoering", "_selected_action": [citation.pk], "apply": "1"})
    client.post(reverse("admin:letters_response_changelist"), {"action": "reject", "_selected_action": [citation.pk]})
    citation.refresh_from_db()
    assert citation.review == "suggested"
    assert Motion.objects.by_key("35207-94").get().status == "open"


def test_the_status_form_refuses_a_stale_version_and_shows_the_current_state(client, bz_staff):
    motion = Motion.objects.by_key("35207-83").get()
    url = reverse("admin:motions_motion_status", args=[motion.pk])
    client.force_login(bz_staff)
    assert client.get(url).status_code == 200
    stale = motion.version
    client.post(url, {"to": "in_uitvoering", "reason": "eerste", "version": stale})
    response = client.post(url, {"to": "afgedaan", "reason": "tweede", "version": stale})
    body = response.content.decode()
    assert "intussen gewijzigd" in body
    assert "in uitvoering" in body  # the current state is shown
    assert Motion.objects.get(pk=motion.pk).status == "in_uitvoering"
    assert not StatusChange.objects.filter(motion=motion, reason="tweede").exists()


def test_the_change_form_refuses_a_stale_edit(client, bz_staff):
    from motions.services import assign
    import datetime as dt

    motion = Motion.objects.by_key("35207-83").get()
    client.force_login(bz_staff)
    url = reverse("admin:motions_motion_change", args=[motion.pk])
    assert client.get(url).status_code == 200
    seen = motion.version
    assign(motion, by=bz_staff, deadline=dt.date(2026, 3, 1))  # someone else, meanwhile
    response = client.post(url, {"deadline": "2026-06-01", "owner": "", "seen_version": seen})
    assert "intussen gewijzigd" in response.content.decode()
    assert Motion.objects.get(pk=motion.pk).deadline == dt.date(2026, 3, 1)


def test_staff_set_owner_and_deadline_through_the_change_form(client, bz_staff):
    import datetime as dt

    motion = Motion.objects.by_key("35207-83").get()
    client.force_login(bz_staff)
    url = reverse("admin:motions_motion_change", args=[motion.pk])
    response = client.post(url, {"deadline": "2026-06-01", "owner": bz_staff.pk, "seen_version": motion.version})
    assert response.status_code == 302, response.content.decode()[:3000]
    motion.refresh_from_db()
    assert (motion.deadline, motion.owner) == (dt.date(2026, 6, 1), bz_staff)
