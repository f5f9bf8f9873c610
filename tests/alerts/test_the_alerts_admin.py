"""The admin lists subscriptions, webhooks (with their newest deliveries inline and a link to the
whole log) and the delivery log, read-only, in a number of queries that does not grow with rows."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from alerts.models import Delivery, Subscription, Webhook
from motions.events import emit
from motions.models import Event

pytestmark = pytest.mark.django_db


def add_rows(motion, owner, n: int) -> Webhook:
    webhook = Webhook.objects.create(owner=owner, url=f"https://example.org/{Webhook.objects.count()}", subject_kind="motion", motion=motion)
    for i in range(n):
        subscription = Subscription.objects.create(email=f"s{Subscription.objects.count()}@example.org", subject_kind="dossier", dossier=motion.kamerstuk.dossier, confirmed_at=timezone.now())
        event = emit(Event.Kind.STATUS_CHANGED, motion=motion, payload={"key": "35207-83", "new": "afgedaan"})
        Delivery.objects.create(subscription=subscription, event=event, state="sent")
        Delivery.objects.create(webhook=webhook, event=event, state="failed", last_error="HTTP 500")
    return webhook


def queries(client, url: str) -> int:
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(url)
    assert response.status_code == 200, url
    return len(ctx.captured_queries)


def test_the_lists_take_the_same_queries_with_more_rows(staff_client, staff_user, motion):
    add_rows(motion, staff_user, 2)
    urls = [reverse(f"admin:alerts_{name}_changelist") for name in ("subscription", "webhook", "delivery")]
    before = {url: queries(staff_client, url) for url in urls}
    add_rows(motion, staff_user, 25)
    after = {url: queries(staff_client, url) for url in urls}
    assert before == after
    assert max(after.values()) <= 25


def test_a_webhook_page_shows_its_newest_deliveries_and_links_to_all(staff_client, staff_user, motion):
    webhook = add_rows(motion, staff_user, 25)
    url = reverse("admin:alerts_webhook_change", args=[webhook.pk])
    queries(staff_client, url)  # warms the caches of the first request (content types)
    count = queries(staff_client, url)
    body = staff_client.get(url).content.decode()
    assert body.count("HTTP 500") == 20  # the newest twenty, not the whole log
    assert f"?webhook__id__exact={webhook.pk}" in body
    assert webhook.secret not in body  # only its first characters
    add_rows(motion, staff_user, 5)
    assert queries(staff_client, url) == count

    log = staff_client.get(reverse("admin:alerts_delivery_changelist") + f"?webhook__id__exact={webhook.pk}").content.decode()
    assert log.count("HTTP 500") == 25


def test_the_delivery_log_cannot_be_edited(staff_client, staff_user, motion):
    add_rows(motion, staff_user, 1)
    delivery = Delivery.objects.first()
    url = reverse("admin:alerts_delivery_change", args=[delivery.pk])
    assert staff_client.get(url).status_code == 200
    assert staff_client.post(url, {"state": "pending"}).status_code == 403
    assert staff_client.get(reverse("admin:alerts_delivery_add")).status_code == 403
    assert Delivery.objects.get(pk=delivery.pk).state == delivery.state


def test_subscriptions_can_be_ended_from_the_list(staff_client, staff_user, motion):
    add_rows(motion, staff_user, 3)
    ids = list(Subscription.objects.values_list("pk", flat=True))
    response = staff_client.post(reverse("admin:alerts_subscription_changelist"), {"action": "unsubscribe_selected", "_selected_action": ids})
    assert response.status_code == 302
    assert not Subscription.objects.filter(unsubscribed_at__isnull=True).exists()
