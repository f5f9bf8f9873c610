"""Every message has a one-click unsubscribe: the link opens a page with one button, and mail
programs may POST to it directly (RFC 8058, no CSRF token). Nothing waiting is sent afterwards."""

import pytest
from django.test import Client
from django.urls import reverse

from alerts.models import Delivery, Subscription

from .conftest import follow

pytestmark = pytest.mark.django_db


def test_the_link_asks_and_the_button_unsubscribes(client, motion):
    subscription = follow("a@example.org", "motion", motion)
    url = reverse("alerts-unsubscribe", args=[subscription.token])
    page = client.get(url)
    assert page.status_code == 200 and "35207-83" in page.content.decode() and b"<button" in page.content
    assert Subscription.objects.get().is_active  # opening the link is not unsubscribing

    response = client.post(url)
    assert response.status_code == 200 and "afgemeld" in response.content.decode()
    subscription.refresh_from_db()
    assert subscription.unsubscribed_at is not None and not subscription.is_active


def test_mail_programs_unsubscribe_with_one_post_without_a_csrf_token(motion):
    subscription = follow("a@example.org", "motion", motion)
    strict = Client(enforce_csrf_checks=True)
    response = strict.post(reverse("alerts-unsubscribe", args=[subscription.token]), "List-Unsubscribe=One-Click", content_type="application/x-www-form-urlencoded")
    assert response.status_code == 200
    assert Subscription.objects.get().unsubscribed_at is not None


def test_an_unknown_link_is_a_404(client, demo):
    assert client.post(reverse("alerts-unsubscribe", args=["nope"])).status_code == 404


def test_nothing_is_sent_after_unsubscribing(client, motion, mailoutbox, change_status):
    subscription = follow("a@example.org", "motion", motion, frequency="daily")
    change_status(motion, "in_uitvoering")
    assert Delivery.objects.get().state == "pending"  # waiting for the daily digest
    client.post(reverse("alerts-unsubscribe", args=[subscription.token]))
    assert Delivery.objects.get().state == "skipped"
    change_status(motion, "afgedaan")
    assert Delivery.objects.count() == 1 and not mailoutbox
