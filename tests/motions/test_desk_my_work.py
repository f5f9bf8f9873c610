"""My work: what of my ministry (and assigned to me) needs something, most urgent first, with counts,
filters and a constant number of queries."""

import datetime as dt

from letters.models import Citation
from motions.models import Motion
from motions.services import assign


def test_overdue_reviews_and_no_owner_are_listed_most_urgent_first(client, bz_staff):
    client.force_login(bz_staff)
    body = client.get("/beheer/werk/").content.decode()
    assert "termijn verstreken" in body and "antwoord te beoordelen" in body and "geen behandelaar" in body
    # 35207-84 is overdue (July 2025); 26150-227's deadline lies later: it comes after.
    assert body.index("35207-84") < body.index("26150-227")
    assert body.count("data-row") == Motion.objects.filter(ministry__abbreviation="BZ", outcome="aangenomen").count()


def test_filters_and_counts(client, bz_staff):
    client.force_login(bz_staff)
    motion = Motion.objects.by_key("35207-83").get()
    assign(motion, by=bz_staff, owner=bz_staff, deadline=dt.date.today() + dt.timedelta(days=400))
    Citation.objects.filter(kamerstuk=motion.kamerstuk).update(review="rejected")
    body = client.get("/beheer/werk/", {"nodig": "geen-behandelaar"}).content.decode()
    assert "35207-83" not in body and "35207-84" in body
    mine = client.get("/beheer/werk/", {"wie": "mij"}).content.decode()
    assert "Niets te doen" in mine  # assigned to me, but not overdue, no review, has an owner
    motion.refresh_from_db()
    assign(motion, by=bz_staff, deadline=dt.date(2025, 1, 1), expected_version=motion.version)
    mine = client.get("/beheer/werk/", {"wie": "mij"}).content.decode()
    assert mine.count("data-row") == 1 and "35207-83" in mine


def test_other_ministries_items_are_not_mine(client, ezk_staff):
    client.force_login(ezk_staff)
    assert "35207-84" not in client.get("/beheer/werk/").content.decode()


def test_the_number_of_queries_does_not_grow_with_the_items(client, bz_staff, django_assert_num_queries):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client.force_login(bz_staff)
    with CaptureQueriesContext(connection) as few:
        client.get("/beheer/werk/")
    for motion in Motion.objects.filter(ministry__abbreviation="BZ")[:5]:
        motion.owner = None
        motion.deadline = dt.date(2024, 1, 1)
        motion.save()
    with django_assert_num_queries(len(few)):
        body = client.get("/beheer/werk/").content.decode()
    assert body.count("data-row") >= 5


def test_visitors_go_to_the_desk_login_and_non_staff_are_refused(client, django_user_model, demo):
    assert client.get("/beheer/werk/")["Location"].startswith("/beheer/inloggen/?next=")
    assert client.get("/beheer/")["Location"].startswith("/beheer/inloggen/")
    user = django_user_model.objects.create_user("reader", "r@example.org", "a-long-test-password")
    client.force_login(user)
    assert client.get("/beheer/werk/").status_code == 403


def test_login_and_logout_and_the_header_shows_them_only_to_staff(client, bz_staff):
    page = client.get("/beheer/inloggen/").content.decode()
    assert 'autocomplete="current-password"' in page and 'href="/static/css/site.css"' in page
    home = client.get("/").content.decode()
    assert "Uitloggen" not in home and "/beheer/werk/" not in home
    response = client.post("/beheer/inloggen/", {"username": "bz", "password": "a-long-test-password", "next": "/beheer/beoordelen/"})
    assert response.status_code == 302 and response["Location"] == "/beheer/beoordelen/"
    home = client.get("/").content.decode()
    assert "Uitloggen" in home and 'href="/beheer/werk/"' in home and "Ingelogd als bz" in home
    assert client.post("/beheer/uitloggen/")["Location"] == "/"
    assert "Uitloggen" not in client.get("/").content.decode()


def test_the_desk_login_is_throttled_like_the_admins_and_refuses_non_staff(client, django_user_model, bz_staff):
    from django.core.cache import cache

    cache.clear()
    django_user_model.objects.create_user("reader2", "r2@example.org", "a-long-test-password")
    refused = client.post("/beheer/inloggen/", {"username": "reader2", "password": "a-long-test-password"})
    assert refused.status_code == 200 and "_auth_user_id" not in client.session and 'role="alert"' in refused.content.decode()
    cache.clear()
    for _ in range(5):
        assert client.post("/beheer/inloggen/", {"username": "bz", "password": "wrong"}).status_code == 200
    blocked = client.post("/beheer/inloggen/", {"username": "bz", "password": "a-long-test-password"})
    assert blocked.status_code == 429 and "_auth_user_id" not in client.session
    cache.clear()
