"""The one status service: transitions, reasons, tracking, history and the change feed."""

import pytest

from motions.models import Event, Motion, StatusChange
from motions.services import InvalidTransition, NotTracked, ReasonRequired, StaleVersion, TRANSITIONS, record_status


def motion(key="35207-83"):
    return Motion.objects.by_key(key).get()


def test_a_status_change_writes_history_status_version_and_event_together(bz_staff):
    m = motion()
    version = m.version
    change = record_status(m, to="in_uitvoering", by=bz_staff, reason="Uitvoering gestart")
    m.refresh_from_db()
    assert (m.status, m.version) == ("in_uitvoering", version + 1)
    assert (change.old_status, change.new_status, change.by, change.reason) == ("open", "in_uitvoering", bz_staff, "Uitvoering gestart")
    event = Event.objects.get(status_change=change)
    assert event.kind == "status_changed" and event.motion == m
    assert event.payload["key"] == "35207-83" and event.payload["new"] == "in_uitvoering"


def test_the_documented_path_open_in_uitvoering_afgedaan(bz_staff):
    m = motion()
    record_status(m, to="in_uitvoering", by=bz_staff)
    record_status(m, to="afgedaan", by=bz_staff)
    history = list(StatusChange.objects.filter(motion=m).order_by("at", "id").values_list("old_status", "new_status"))
    assert history[-2:] == [("open", "in_uitvoering"), ("in_uitvoering", "afgedaan")]


@pytest.mark.parametrize("to", ["niet_uitgevoerd", "vervallen"])
def test_declining_or_lapsing_needs_a_reason(bz_staff, to):
    m = motion()
    with pytest.raises(ReasonRequired):
        record_status(m, to=to, by=bz_staff)
    record_status(m, to=to, by=bz_staff, reason="Onvoldoende steun in de EU")
    assert motion().status == to


def test_reopening_needs_a_reason(bz_staff):
    m = motion()
    record_status(m, to="afgedaan", by=bz_staff)
    with pytest.raises(ReasonRequired):
        record_status(m, to="in_uitvoering", by=bz_staff)
    record_status(m, to="in_uitvoering", by=bz_staff, reason="De Kamer vraagt om meer")
    assert motion().status == "in_uitvoering"


def test_invalid_and_repeated_transitions_are_refused_and_leave_no_trace(bz_staff):
    m = motion()
    before = (StatusChange.objects.count(), Event.objects.count())
    with pytest.raises(InvalidTransition):
        record_status(m, to="open", by=bz_staff)  # already open
    with pytest.raises(InvalidTransition):
        record_status(m, to="gedaan", by=bz_staff)  # not a status
    assert (StatusChange.objects.count(), Event.objects.count()) == before
    assert "deels_afgedaan" not in TRANSITIONS["afgedaan"]


def test_a_rejected_motion_is_not_tracked(bz_staff):
    m = motion()
    Motion.objects.filter(pk=m.pk).update(outcome="verworpen")
    with pytest.raises(NotTracked, match="alleen aangenomen of overgenomen"):
        record_status(motion(), to="in_uitvoering", by=bz_staff)
    assert not StatusChange.objects.filter(motion=m, new_status="in_uitvoering").exists()


def test_a_change_based_on_an_old_version_is_refused_with_the_current_state(bz_staff):
    m = motion()
    stale = m.version
    record_status(m, to="in_uitvoering", by=bz_staff, expected_version=stale)
    with pytest.raises(StaleVersion) as info:
        record_status(motion(), to="afgedaan", by=bz_staff, expected_version=stale)
    assert info.value.item.status == "in_uitvoering" and info.value.item.version == stale + 1
    assert motion().status == "in_uitvoering"


def test_notifications_are_queued_only_after_commit(bz_staff, django_capture_on_commit_callbacks):
    from motions.services import status_recorded

    heard = []
    def listener(sender, change, **kwargs):
        heard.append(change.pk)
    status_recorded.connect(listener)
    try:
        with django_capture_on_commit_callbacks(execute=False) as callbacks:
            change = record_status(motion(), to="in_uitvoering", by=bz_staff)
        assert heard == []  # nothing before the commit
        for callback in callbacks:
            callback()
        assert heard == [change.pk]
    finally:
        status_recorded.disconnect(listener)


def test_a_deadline_can_be_moved_with_the_change(bz_staff):
    import datetime as dt

    change = record_status(motion(), to="in_uitvoering", by=bz_staff, deadline=dt.date(2025, 12, 31))
    assert motion().deadline == dt.date(2025, 12, 31) and change.deadline == dt.date(2025, 12, 31)
