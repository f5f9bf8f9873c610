"""POST /api/v1/subscriptions/: the same double opt-in as the button — 202 and a confirmation mail,
whatever the address's state; subjects by key or slug; bad input is a 400 naming the field."""

import pytest
from rest_framework.test import APIClient

from alerts.models import Subscription

pytestmark = pytest.mark.django_db


def post(body: dict, capture):
    with capture(execute=True):
        return APIClient().post("/api/v1/subscriptions/", body, format="json")


def test_a_subscription_waits_for_the_confirmation_link(demo, mailoutbox, django_capture_on_commit_callbacks):
    response = post({"email": "a@example.org", "subject_kind": "dossier", "subject": "36600-V", "language": "en", "frequency": "daily"}, django_capture_on_commit_callbacks)
    assert response.status_code == 202
    assert response.json()["status"] == "confirmation_sent"
    subscription = Subscription.objects.get()
    assert (subscription.dossier.key, subscription.language, subscription.frequency, subscription.is_active) == ("36600-V", "en", "daily", False)
    assert len(mailoutbox) == 1 and "/meldingen/bevestigen/" in mailoutbox[0].body
    again = post({"email": "a@example.org", "subject_kind": "dossier", "subject": "36600-V"}, django_capture_on_commit_callbacks)
    assert again.status_code == 202 and again.json() == response.json()  # tells nothing about the address


@pytest.mark.parametrize(
    ("subject_kind", "subject"),
    [("motion", "35207-83"), ("motion", "kst-35207-83"), ("member", "jm-paternotte"), ("party", "d66"), ("ministry", "buitenlandse-zaken"), ("dossier", "21501-20")],
)
def test_subjects_are_named_by_key_or_slug(demo, subject_kind, subject, django_capture_on_commit_callbacks):
    assert post({"email": "a@example.org", "subject_kind": subject_kind, "subject": subject}, django_capture_on_commit_callbacks).status_code == 202
    assert Subscription.objects.get().subject_kind == subject_kind


def test_a_saved_search_with_filters(demo, django_capture_on_commit_callbacks):
    response = post({"email": "a@example.org", "subject_kind": "search", "query": "sancties", "facets": {"status": ["open", "in_uitvoering"], "overdue": True}}, django_capture_on_commit_callbacks)
    assert response.status_code == 202, response.json()
    assert Subscription.objects.get().facets == {"status": ["open", "in_uitvoering"], "overdue": "true"}


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ({"email": "nope", "subject_kind": "motion", "subject": "35207-83"}, "email"),
        ({"email": "a@example.org", "subject_kind": "motion", "subject": "35207-999"}, "subject"),
        ({"email": "a@example.org", "subject_kind": "motion", "subject": "not a key"}, "subject"),
        ({"email": "a@example.org", "subject_kind": "all"}, "subject_kind"),
        ({"email": "a@example.org", "subject_kind": "search", "facets": {"status": ["sleeping"]}}, "facets.status"),
        ({"email": "a@example.org", "subject_kind": "search", "facets": {"unknown": "x"}}, "facets"),
        ({"email": "a@example.org", "subject_kind": "motion", "subject": "35207-83", "frequency": "hourly"}, "frequency"),
    ],
)
def test_bad_input_is_a_400_naming_the_field_and_saves_nothing(demo, mailoutbox, body, field, django_capture_on_commit_callbacks):
    response = post(body, django_capture_on_commit_callbacks)
    assert response.status_code == 400, response.json()
    assert field in response.json()["error"]["fields"], response.json()
    assert not Subscription.objects.exists() and not mailoutbox
