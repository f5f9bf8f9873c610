"""A vote built from fewer rows than the Kamer's 150 seats is not shown as the whole vote."""

from django.db.models import Sum
from rest_framework.test import APIClient

from motions.events import touch
from motions.models import Motion, Vote


def _leave_only(motion: Motion, n: int) -> int:
    keep = list(motion.votes.order_by("-seats").values_list("pk", flat=True)[:n])
    Vote.objects.filter(motion=motion).exclude(pk__in=keep).delete()
    touch(motions=[motion.pk])  # as the sync does when it replaces a motion's votes
    return motion.votes.aggregate(s=Sum("seats"))["s"]


def test_the_demo_vote_is_complete_on_the_page_and_in_the_api(demo, client):
    motion = Motion.objects.by_key("35207-83").get()
    assert motion.votes.aggregate(s=Sum("seats"))["s"] == 150
    page = client.get("/moties/35207-83/").content.decode()
    assert "Onvolledige stemming" not in page
    body = APIClient().get("/api/v1/motions/35207-83/").json()
    assert body["votes_complete"] is True and body["votes_seats"] == 150


def test_a_vote_of_some_parties_only_says_so(demo, client):
    motion = Motion.objects.by_key("35207-83").get()
    seats = _leave_only(motion, 2)
    assert seats < 150
    page = client.get("/moties/35207-83/").content.decode()
    assert "Onvolledige stemming" in page
    assert f"{seats} van de 150 zetels" in page
    body = APIClient().get("/api/v1/motions/35207-83/").json()
    assert body["votes_complete"] is False
    assert body["votes_seats"] == seats


def test_a_motion_without_votes_is_not_called_incomplete(demo, client):
    motion = Motion.objects.by_key("35207-83").get()
    motion.votes.all().delete()
    touch(motions=[motion.pk])
    assert "Onvolledige stemming" not in client.get("/moties/35207-83/").content.decode()
    body = APIClient().get("/api/v1/motions/35207-83/").json()
    assert body["votes_complete"] is None and body["votes_seats"] == 0
