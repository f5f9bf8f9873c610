"""A confirmation link is signed (a changed one is refused), expires after SUBSCRIPTION_CONFIRM_DAYS,
and only the newest link of a subscription works."""

import time
from unittest import mock

import pytest
from django.conf import settings
from django.urls import reverse
from django.utils import timezone

from alerts import services
from alerts.messages import confirm_url
from alerts.models import Subscription

pytestmark = pytest.mark.django_db


def ask(motion, email="a@example.org") -> Subscription:
    return services.subscribe(email=email, subject={"subject_kind": "motion", "motion": motion})


def path(subscription: Subscription) -> str:
    return confirm_url(subscription).removeprefix(settings.SITE_URL)


def test_a_changed_link_is_refused(client, motion):
    subscription = ask(motion)
    good = path(subscription)
    other = ask(motion, "b@example.org")
    # Someone swaps in another subscription's id but keeps the signature.
    forged = good.replace(f"/bevestigen/{subscription.pk}.", f"/bevestigen/{other.pk}.")
    assert forged != good
    for bad in (forged, good[:-3] + "xx/", reverse("alerts-confirm", args=["12.34:abc:def"])):
        response = client.post(bad)
        assert response.status_code == 400, bad
    assert not Subscription.objects.filter(confirmed_at__isnull=False).exists()


def test_a_link_expires(client, motion, settings):
    settings.SUBSCRIPTION_CONFIRM_DAYS = 7
    subscription = ask(motion)
    link = path(subscription)
    later = time.time() + 8 * 86400
    with mock.patch("django.core.signing.time.time", return_value=later):
        response = client.post(link)
    assert response.status_code == 410
    assert "verlopen" in response.content.decode()
    subscription.refresh_from_db()
    assert subscription.confirmed_at is None
    assert client.post(link).status_code == 200  # within the week it works


def test_only_the_newest_link_works(client, motion):
    subscription = ask(motion)
    old = path(subscription)
    # Ten minutes later the visitor asks again, and gets a new link; the old one stops working.
    Subscription.objects.filter(pk=subscription.pk).update(confirmation_requested_at=timezone.now() - timezone.timedelta(minutes=11))
    subscription = ask(motion)
    new = path(subscription)
    assert old != new
    assert client.post(old).status_code == 400
    assert client.post(new).status_code == 200


def test_an_old_link_does_not_bring_back_an_ended_subscription(client, motion):
    subscription = ask(motion)
    link = path(subscription)
    client.post(link)
    services.unsubscribe(Subscription.objects.get(pk=subscription.pk))
    client.post(link)
    assert not Subscription.objects.get(pk=subscription.pk).is_active
