"""What staff record on a motion (status, owner, ministry, deadline) survives every later sync."""

from __future__ import annotations

import datetime as dt

import pytest

from motions.models import Ministry, Motion, StatusChange
from motions.services import assign, record_status

from .sync_support import run, seed_server

pytestmark = pytest.mark.django_db


def test_a_register_update_leaves_status_owner_ministry_and_deadline_alone(ministries, django_user_model):
    staff = django_user_model.objects.create_superuser("coordinator", "c@example.org", "a-long-test-password")
    with seed_server() as fake:
        run(fake)
        motion = Motion.objects.by_key("35207-83").get()
        assign(motion, by=staff, ministry=Ministry.objects.get(abbreviation="BZ"), owner=staff, deadline=dt.date(2025, 12, 1))
        record_status(motion, to="afgedaan", by=staff, reason="Per brief gemeld")
        history = list(StatusChange.objects.filter(motion=motion).values_list("pk", "new_status"))

        # The register changes the title and records a (later) vote that rejects the motion.
        fake.revise(str(motion.zaak_id), onderwerp=motion.title + " (herzien)")
        (besluit,) = fake.find("Besluit", zaak=str(motion.zaak_id))
        fake.revise(besluit, besluitSoort="Stemmen - verworpen", besluitTekst="Verworpen.")
        stats = run(fake)

    assert stats.updated == 2  # the Besluit page, then the Zaak page: each completes the motion anew
    after = Motion.objects.get(pk=motion.pk)
    assert after.title.endswith("(herzien)") and after.outcome == "verworpen"  # the register's fields follow it
    assert (after.status, after.owner, after.ministry.abbreviation, after.deadline) == ("afgedaan", staff, "BZ", dt.date(2025, 12, 1))
    assert list(StatusChange.objects.filter(motion=motion).values_list("pk", "new_status")) == history
