"""Who changed a status is a staff member: the public sees the ministry, staff with a token the person."""

from motions.models import Commitment, Ministry, Motion
from motions.services import record_status

from .conftest import auth


def _change(bz_staff):
    bz_staff.first_name, bz_staff.last_name = "Bea", "Zaken"
    bz_staff.save()
    record_status(Motion.objects.by_key("35207-83").get(), to="in_uitvoering", by=bz_staff, reason="Brief in voorbereiding")


def test_an_anonymous_read_shows_the_ministry_not_the_person(api, demo, bz_staff):
    _change(bz_staff)
    body = api.get("/api/v1/motions/35207-83/").json()
    by = [h["by"] for h in body["history"]]
    assert by[-1] == "Buitenlandse Zaken"
    assert not any(name and ("Bea" in name or "bz" == name) for name in by)
    assert "Bea" not in api.get("/api/v1/motions/35207-83/").content.decode()


def test_staff_with_a_token_see_who_it_was(api, demo, bz_staff, bz_token):
    _change(bz_staff)
    api.get("/api/v1/motions/35207-83/")  # an anonymous read first: its cached body must not leak either way
    body = api.get("/api/v1/motions/35207-83/", **auth(bz_token)).json()
    assert body["history"][-1]["by"] == "Bea Zaken"
    assert api.get("/api/v1/motions/35207-83/").json()["history"][-1]["by"] == "Buitenlandse Zaken"


def test_a_commitments_history_hides_the_person_too(api, demo, bz_staff, bz_token):
    commitment = Commitment.objects.get()
    commitment.ministry = Ministry.objects.get(abbreviation="BZ")
    commitment.save()
    record_status(commitment, to="in_uitvoering", by=bz_staff, reason="Loopt")
    url = f"/api/v1/commitments/{commitment.pk}/"
    assert api.get(url).json()["history"][-1]["by"] == "Buitenlandse Zaken"
    assert api.get(url, **auth(bz_token)).json()["history"][-1]["by"] == "bz"


def test_the_change_feed_does_not_name_the_staff_member_either(api, demo, bz_staff, bz_token):
    _change(bz_staff)
    public = api.get("/api/v1/changes/?since=now").json()  # the cursor of "now"…
    events = api.get("/api/v1/changes/?limit=500").json()["events"]
    change = [e for e in events if e["kind"] == "status_changed"][-1]
    assert change["payload"].get("by") in (None, "")
    assert "Bea" not in str(events) and "'bz'" not in str(events)
    staff_events = api.get("/api/v1/changes/?limit=500", **auth(bz_token)).json()["events"]
    assert [e for e in staff_events if e["kind"] == "status_changed"][-1]["payload"]["by"] == "bz"
    assert public["events"] == []
