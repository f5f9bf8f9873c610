"""What staff record on a motion (status, owner, ministry, deadline) survives every later sync."""

from __future__ import annotations

import datetime as dt

import pytest

from motions.models import Ministry, Motion, StatusChange
from motions.opendata.sync import sync
from motions.services import assign, record_status
from tests.fake_odata import FakeOData

from .sync_support import client_for, seed_zaken

pytestmark = pytest.mark.django_db


def test_a_register_update_leaves_status_owner_ministry_and_deadline_alone(ministries, django_user_model):
    staff = django_user_model.objects.create_superuser("coordinator", "c@example.org", "a-long-test-password")
    with FakeOData(page_size=5) as fake:
        fake.add("Zaak", seed_zaken())
        fake.add("Kamerstukdossier", [])
        with client_for(fake) as client:
            sync("motions", client=client)
        motion = Motion.objects.by_key("35207-83").get()
        assign(motion, by=staff, ministry=Ministry.objects.get(abbreviation="BZ"), owner=staff, deadline=dt.date(2025, 12, 1))
        record_status(motion, to="afgedaan", by=staff, reason="Per brief gemeld")
        history = list(StatusChange.objects.filter(motion=motion).values_list("pk", "new_status"))

        # The register changes the title and records another (later) vote that rejects the motion.
        row = next(r for r in fake.rows("Zaak") if r["Nummer"] == "2025Z06902")
        row["Onderwerp"] += " (herzien)"
        row["Besluit"][0]["BesluitSoort"], row["Besluit"][0]["BesluitTekst"] = "Stemmen - verworpen", "Verworpen."
        row["ApiGewijzigdOp"] = "2025-10-01T08:00:00.5Z"
        fake.touch()
        with client_for(fake) as client:
            stats = sync("motions", client=client)

    assert stats.updated == 1
    after = Motion.objects.get(pk=motion.pk)
    assert after.title.endswith("(herzien)") and after.outcome == "verworpen"  # the register's fields follow it
    assert (after.status, after.owner, after.ministry.abbreviation, after.deadline) == ("afgedaan", staff, "BZ", dt.date(2025, 12, 1))
    assert list(StatusChange.objects.filter(motion=motion).values_list("pk", "new_status")) == history
