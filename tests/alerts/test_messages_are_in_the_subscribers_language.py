"""Messages are Dutch unless the subscriber chose English: the whole message is rendered under
that language (Django's own formats already show it: month names)."""

import pytest
from django.utils import translation
from django.utils.formats import date_format

from alerts.models import Delivery

from .conftest import follow

pytestmark = pytest.mark.django_db


def test_each_subscriber_gets_their_language(motion, mailoutbox, change_status):
    follow("nl@example.org", "motion", motion, language="nl")
    follow("en@example.org", "motion", motion, language="en")
    change_status(motion, "in_uitvoering")
    event_at = Delivery.objects.select_related("event").first().event.at
    messages = {m.to[0]: m for m in mailoutbox}

    english = messages["en@example.org"]
    assert '<html lang="en">' in english.alternatives[0][0]
    assert english.extra_headers["Content-Language"] == "en"
    with translation.override("en"):
        assert date_format(event_at.astimezone(), "F") in english.body  # e.g. "November"

    dutch = messages["nl@example.org"]
    assert '<html lang="nl">' in dutch.alternatives[0][0]
    with translation.override("nl"):
        assert date_format(event_at.astimezone(), "F") in dutch.body  # "november"
