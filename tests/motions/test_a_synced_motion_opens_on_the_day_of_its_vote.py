"""The open-data sync (not only load_demo) dates an adopted motion's first status at its vote."""

from __future__ import annotations

import pytest
from django.utils import timezone

from motions.models import Motion, StatusChange

from .sync_support import run, seed_server

pytestmark = pytest.mark.django_db


def test_the_first_status_of_every_synced_motion_is_on_its_vote_date():
    with seed_server(page_size=50) as server:
        run(server)
    changes = StatusChange.objects.select_related("motion")
    assert changes.count() == 11
    for change in changes:
        assert timezone.localdate(change.at) == change.motion.vote_date, change.motion_id
    assert Motion.objects.by_key("35207-83").get().status_changes.get().at.date().isoformat() == "2025-04-15"
