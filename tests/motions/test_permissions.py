"""Staff of one ministry cannot change another ministry's items — by any route."""

import datetime as dt

import pytest

from letters.ingest import ingest_letter
from letters.review import confirm_response, reject_response
from motions.models import Motion, StatusChange
from motions.services import NotAllowed, assign, can_change, record_status
from tests.letters.documents import SEED_LETTER


def motion(key="35207-83"):
    return Motion.objects.by_key(key).get()


def test_own_ministry_staff_may_change_and_others_may_not(bz_staff, ezk_staff):
    assert can_change(bz_staff, motion())
    assert not can_change(ezk_staff, motion())
    with pytest.raises(NotAllowed):
        record_status(motion(), to="in_uitvoering", by=ezk_staff)
    assert not StatusChange.objects.filter(motion=motion(), new_status="in_uitvoering").exists()


def test_anonymous_and_users_without_a_ministry_only_read(demo, django_user_model):
    from django.contrib.auth.models import AnonymousUser

    plain = django_user_model.objects.create_user("lezer", password="a-long-test-password")
    for user in (AnonymousUser(), plain, None):
        with pytest.raises(NotAllowed):
            record_status(motion(), to="in_uitvoering", by=user)


def test_owner_and_deadline_follow_the_same_rule(bz_staff, ezk_staff):
    with pytest.raises(NotAllowed):
        assign(motion(), by=ezk_staff, deadline=dt.date(2026, 1, 1))
    with pytest.raises(NotAllowed):
        assign(motion(), by=ezk_staff, owner=ezk_staff)
    updated = assign(motion(), by=bz_staff, owner=bz_staff, deadline=dt.date(2026, 1, 1))
    assert (updated.owner, updated.deadline) == (bz_staff, dt.date(2026, 1, 1))


def test_the_owner_must_work_for_the_items_ministry(bz_staff, ezk_staff):
    with pytest.raises(NotAllowed, match="werkt niet voor"):
        assign(motion(), by=bz_staff, owner=ezk_staff)


def test_only_a_coordinator_moves_an_item_to_another_ministry(bz_staff, coordinator):
    from motions.models import Ministry

    ez = Ministry.objects.get(abbreviation="EZ")
    with pytest.raises(NotAllowed, match="coördinator"):
        assign(motion(), by=bz_staff, ministry=ez)
    assign(motion(), by=coordinator, ministry=ez)
    assert motion().ministry == ez
    assert not can_change(bz_staff, motion())  # it is no longer theirs


def test_the_review_queue_obeys_the_ministry_rule(bz_staff, ezk_staff):
    letter = ingest_letter(SEED_LETTER)
    citation = letter.citations.get(key="35207-83")
    for action in (lambda: confirm_response(citation, by=ezk_staff), lambda: reject_response(citation, by=ezk_staff), lambda: confirm_response(citation, by=ezk_staff, status="in_uitvoering")):
        with pytest.raises(NotAllowed):
            action()
    citation.refresh_from_db()
    assert citation.review == "suggested"
    assert motion().status == "open"
    confirm_response(citation, by=bz_staff, status="in_uitvoering")
    assert motion().status == "in_uitvoering"


def test_the_admin_obeys_the_ministry_rule(client, ezk_staff, bz_staff):
    from django.urls import reverse

    from motions.models import Ministry

    m = motion()
    client.force_login(ezk_staff)
    url = reverse("admin:motions_motion_status", args=[m.pk])
    response = client.post(url, {"to": "in_uitvoering", "reason": "x", "version": m.version})
    assert response.status_code == 403
    response = client.post(reverse("admin:motions_motion_changelist"), {"action": "mark_in_uitvoering", "_selected_action": [m.pk], "reason": "x", "apply": "1"})
    assert motion().status == "open"
    assert not StatusChange.objects.filter(motion=m, by=ezk_staff).exists()
    change_url = reverse("admin:motions_motion_change", args=[m.pk])
    client.post(change_url, {"deadline": "2030-01-01", "ministry": Ministry.objects.get(abbreviation="EZ").pk})
    assert motion().deadline != dt.date(2030, 1, 1)
