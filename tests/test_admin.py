"""Every admin page renders for staff, in a bounded number of queries that does not grow with rows."""

import hashlib

import pytest
from django.contrib import admin
from django.core.files.base import ContentFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from letters.models import Citation, Letter
from motions.models import Dossier, Kamerstuk, Member, Motion, Sponsorship, StatusChange

MAX_QUERIES = 25


@pytest.fixture
def records(demo):
    from django.contrib.auth.models import Group

    Group.objects.create(name="Buitenlandse Zaken")
    from django.contrib.auth import get_user_model

    from motions.models import Ministry, StaffProfile

    StaffProfile.objects.create(user=get_user_model().objects.create_user("medewerker"), ministry=Ministry.objects.get(abbreviation="BZ"))
    letter = Letter(title="Brief", sha256=hashlib.sha256(b"x").hexdigest(), text="Kamerstuk 35 207, nr. 83")
    letter.file.save("brief.txt", ContentFile(b"x"), save=False)
    letter.save()
    paper = Kamerstuk.objects.get(key="35207-83")
    citation = Citation.objects.create(letter=letter, start=0, end=24, raw="Kamerstuk 35 207, nr. 83", kind="kamerstuk", target="motion", key="35207-83", kamerstuk=paper, review="suggested")
    StatusChange.objects.create(motion=paper.motion, old_status="open", new_status="in_uitvoering", reason="test", citation=citation)
    from tracker.models import ApiToken

    ApiToken.issue(get_user_model().objects.get(username="medewerker"), name="test")
    from alerts.models import Delivery, Subscription, Webhook
    from motions.events import emit

    event = emit("status_changed", motion=paper.motion, payload={"key": "35207-83", "new": "in_uitvoering"})
    subscription = Subscription.objects.create(email="volger@example.org", subject_kind="motion", motion=paper.motion)
    webhook = Webhook.objects.create(owner=get_user_model().objects.get(username="medewerker"), url="https://example.org/hook", subject_kind="all")
    Delivery.objects.create(subscription=subscription, event=event)
    Delivery.objects.create(webhook=webhook, event=event, state="failed", last_error="HTTP 500")
    import uuid

    from letters.models import Harvest

    Harvest.objects.create(document=uuid.uuid4(), document_number="2025D16691", state="failed", reason="lezen mislukt: the PDF is encrypted")
    from letters.models import MotionMention

    MotionMention.objects.create(letter=letter, start=0, end=30, raw="de motie-Paternotte over China", submitters=["Paternotte"], subject="China", best=paper.motion, confidence=0.4)
    return letter


def add_rows(n: int) -> None:
    """More motions with submitters and history: per-row queries would show up as more queries."""
    dossier = Dossier.objects.create(number=99999, title="Extra")
    member = Member.objects.first()
    for i in range(1, n + 1):
        paper = Kamerstuk.objects.create(dossier=dossier, number=str(i), kind="motie")
        motion = Motion.objects.create(kamerstuk=paper, title=f"Motie {i}", outcome="aangenomen", status="open")
        Sponsorship.objects.create(motion=motion, member=member, role="indiener")
        StatusChange.objects.create(motion=motion, new_status="open")


def count(client, url: str) -> int:
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(url)
    assert response.status_code == 200, (url, response.status_code)
    return len(ctx.captured_queries)


def registered():
    return sorted(admin.site._registry.items(), key=lambda item: item[0]._meta.label)


def test_every_changelist_renders_in_a_bounded_number_of_queries_that_does_not_grow(staff_client, records):
    urls = [reverse(f"admin:{m._meta.app_label}_{m._meta.model_name}_changelist") for m, _ in registered()]
    before = {url: count(staff_client, url) for url in urls}
    add_rows(30)
    after = {url: count(staff_client, url) for url in urls}
    for url in urls:
        assert before[url] <= MAX_QUERIES, (url, before[url])
        assert after[url] == before[url], f"{url}: {before[url]} queries before, {after[url]} with 30 more rows"


def test_every_change_form_and_add_form_renders(staff_client, staff_user, records, rf):
    request = rf.get("/admin/")
    request.user = staff_user
    for model, model_admin in registered():
        opts = model._meta
        obj = model._default_manager.order_by("pk").first()
        assert obj is not None, f"no {opts.label} row to open"
        url = reverse(f"admin:{opts.app_label}_{opts.model_name}_change", args=[obj.pk])
        assert count(staff_client, url) <= MAX_QUERIES + 15, url
        if model_admin.has_add_permission(request):  # history and citations are never added by hand
            add_url = reverse(f"admin:{opts.app_label}_{opts.model_name}_add")
            assert staff_client.get(add_url).status_code == 200, add_url


def test_searching_the_motion_list_by_key_in_any_spelling_finds_it(staff_client, demo):
    url = reverse("admin:motions_motion_changelist")
    for term in ("35207-83", "kst-35207-83", "35 207, nr. 83"):
        response = staff_client.get(url, {"q": term})
        assert "35207-83" in response.content.decode()
        assert "35207-84" not in response.content.decode()


def test_searching_motions_by_member_and_title(staff_client, demo):
    url = reverse("admin:motions_motion_changelist")
    body = staff_client.get(url, {"q": "Kahraman"}).content.decode()
    assert "35207-92" in body and "35207-93" in body
    body = staff_client.get(url, {"q": "Tibetstrategie"}).content.decode()
    assert "35207-84" in body


def test_the_status_history_is_read_only_in_the_admin(staff_client, records):
    change = StatusChange.objects.first()
    url = reverse("admin:motions_statuschange_change", args=[change.pk])
    response = staff_client.post(url, {"reason": "rewritten"})
    assert response.status_code == 403
    assert staff_client.get(reverse("admin:motions_statuschange_add")).status_code == 403
