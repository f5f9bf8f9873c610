"""Subscribing from the button on a page: nothing is sent until the link in the confirmation mail
is used (double opt-in); the link is signed, and opening it does not confirm — pressing its button does."""

import re

import pytest
from django.conf import settings
from django.urls import reverse

from alerts.models import Subscription

pytestmark = pytest.mark.django_db


def post_form(client, capture, **fields):
    data = {"subject_kind": "motion", "subject_id": "", "email": "", "language": "nl", "frequency": "immediate", **fields}
    with capture(execute=True):
        return client.post(reverse("alerts-subscribe"), data)


def confirm_link(message) -> str:
    match = re.search(r"(https?://\S+/meldingen/bevestigen/[^/\s]+/)", message.body)
    assert match, message.body
    return match.group(1)


def test_the_form_asks_for_confirmation_and_the_link_confirms(client, motion, mailoutbox, django_capture_on_commit_callbacks):
    response = post_form(client, django_capture_on_commit_callbacks, subject_id=motion.pk, email="Assistent@Example.org", next="/moties/35207-83/")
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("alerts-requested"))
    assert "Kijk in uw mailbox" in client.get(response["Location"]).content.decode()

    subscription = Subscription.objects.get()
    assert (subscription.email, subscription.motion, subscription.subject_key) == ("assistent@example.org", motion, f"motion:{motion.pk}")
    assert subscription.confirmed_at is None and not subscription.is_active

    assert len(mailoutbox) == 1
    message = mailoutbox[0]
    assert message.to == ["assistent@example.org"]
    assert "35207-83" in message.subject and "Bevestig" in message.subject
    link = confirm_link(message)
    assert link.startswith(settings.SITE_URL)
    assert link in message.alternatives[0][0]  # the HTML part carries the same link
    assert message.extra_headers["List-Unsubscribe"] == f"<{settings.SITE_URL}/meldingen/afmelden/{subscription.token}/>"
    assert message.extra_headers["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"

    path = link.removeprefix(settings.SITE_URL)
    page = client.get(path)
    assert page.status_code == 200 and b'method="post"' in page.content
    subscription.refresh_from_db()
    assert subscription.confirmed_at is None  # a mail scanner opening the link confirms nothing

    done = client.post(path)
    assert done.status_code == 200 and "bevestigd" in done.content.decode()
    subscription.refresh_from_db()
    assert subscription.is_active
    assert client.post(path).status_code == 200  # pressing twice is harmless
    assert Subscription.objects.count() == 1


def test_subscribing_again_sends_no_second_mail_and_says_nothing_about_the_address(client, motion, mailoutbox, django_capture_on_commit_callbacks):
    first = post_form(client, django_capture_on_commit_callbacks, subject_id=motion.pk, email="a@example.org")
    second = post_form(client, django_capture_on_commit_callbacks, subject_id=motion.pk, email="a@example.org")
    assert first.status_code == second.status_code == 302
    assert len(mailoutbox) == 1  # within ten minutes: no mail-bombing an address through our form
    assert Subscription.objects.count() == 1

    client.post(confirm_link(mailoutbox[0]).removeprefix(settings.SITE_URL))
    third = post_form(client, django_capture_on_commit_callbacks, subject_id=motion.pk, email="a@example.org", frequency="daily")
    assert third.status_code == 302 and third["Location"] == first["Location"]
    assert len(mailoutbox) == 1
    subscription = Subscription.objects.get()
    assert subscription.is_active and subscription.frequency == "immediate"  # nobody else changes an active subscription


def test_an_address_gets_at_most_a_few_confirmations_a_day(client, demo, settings, mailoutbox, django_capture_on_commit_callbacks):
    from motions.models import Motion

    settings.ALERTS_CONFIRMATIONS_PER_DAY = 3
    for motion in Motion.objects.all()[:5]:
        post_form(client, django_capture_on_commit_callbacks, subject_id=motion.pk, email="victim@example.org")
    assert len(mailoutbox) == 3
    assert Subscription.objects.filter(email="victim@example.org").count() == 5


@pytest.mark.parametrize(
    ("fields", "field", "text"),
    [
        ({"email": "not-an-address"}, "email", "e-mailadres"),
        ({"email": "a@example.org", "subject_id": "999999"}, None, "Niet gevonden"),
        ({"email": "a@example.org", "subject_kind": "all"}, "subject_kind", ""),
        ({"email": "a@example.org", "subject_kind": "search", "subject_id": "q=china&status=nonsense"}, None, "nonsense"),
    ],
)
def test_bad_input_shows_the_form_again_with_the_errors_and_saves_nothing(client, motion, mailoutbox, django_capture_on_commit_callbacks, fields, field, text):
    fields = {"subject_id": motion.pk, **fields}
    response = post_form(client, django_capture_on_commit_callbacks, **fields)
    assert response.status_code == 400
    body = response.content.decode()
    assert 'role="alert"' in body and text in body
    assert Subscription.objects.count() == 0 and not mailoutbox


def test_a_search_is_followed_by_its_query_string(client, demo, mailoutbox, django_capture_on_commit_callbacks):
    response = post_form(client, django_capture_on_commit_callbacks, subject_kind="search", subject_id="q=china&status=open&ministry=buitenlandse-zaken&page=2", email="a@example.org")
    assert response.status_code == 302
    subscription = Subscription.objects.get()
    assert subscription.query == "china"
    assert subscription.facets == {"status": ["open"], "ministry": "buitenlandse-zaken"}  # paging is not a filter
    assert "china" in mailoutbox[0].subject
