"""Walking a list by its `next` links sees every row exactly once, in a stable order, also when many
rows share a date, some have none, and rows are added or changed while walking."""

from __future__ import annotations

import datetime as dt

import pytest

from motions.models import Dossier, Kamerstuk, Motion

pytestmark = pytest.mark.django_db


def walk(api, url: str) -> list[str]:
    seen: list[str] = []
    while url:
        response = api.get(url)
        assert response.status_code == 200, response.content
        body = response.json()
        seen += [row["key"] for row in body["results"]]
        url = body["next"]
    return seen


def add_motions(n: int, date: dt.date | None, start: int = 1) -> None:
    dossier, _ = Dossier.objects.get_or_create(number=99999)
    for i in range(start, start + n):
        paper = Kamerstuk.objects.create(dossier=dossier, number=str(i), kind="motie")
        Motion.objects.create(kamerstuk=paper, title=f"Motie {i}", submitted_on=date)


def expected(**ordering) -> list[str]:
    return [m.kamerstuk.key for m in Motion.objects.select_related("kamerstuk").order_by(*ordering["by"])]


def test_pages_of_two_see_every_motion_once_in_order_with_ties_broken_by_id(api, demo):
    add_motions(5, dt.date(2025, 4, 9))  # more rows on the busiest date
    add_motions(3, None, start=100)  # and some without a date: they come last
    seen = walk(api, "/api/v1/motions/?page_size=2")
    assert len(seen) == len(set(seen)) == Motion.objects.count()
    dated = list(Motion.objects.exclude(submitted_on=None).select_related("kamerstuk").order_by("-submitted_on", "-id"))
    undated = list(Motion.objects.filter(submitted_on=None).select_related("kamerstuk").order_by("-id"))
    assert seen == [m.kamerstuk.key for m in dated + undated]


@pytest.mark.parametrize("ordering", ["submitted_on", "-vote_date", "vote_date", "deadline", "-deadline", "updated_at", "-updated_at"])
def test_every_ordering_walks_completely(api, demo, ordering):
    add_motions(3, None)
    seen = walk(api, f"/api/v1/motions/?page_size=3&ordering={ordering}")
    assert sorted(seen) == sorted(Motion.objects.values_list("kamerstuk__key", flat=True))
    assert len(seen) == len(set(seen))


def test_rows_added_while_walking_are_not_repeated_and_nothing_is_skipped(api, demo):
    first = api.get("/api/v1/motions/?page_size=4").json()
    add_motions(2, dt.date(2030, 1, 1))  # newer than everything: lands before the cursor
    add_motions(2, dt.date(2000, 1, 1), start=50)  # older: lands after it, so it is seen
    rest = walk(api, first["next"])
    seen = [row["key"] for row in first["results"]] + rest
    assert len(seen) == len(set(seen))
    before = {"99999-1", "99999-2"}
    assert set(seen) == set(Motion.objects.values_list("kamerstuk__key", flat=True)) - before


def test_a_cursor_from_another_ordering_or_a_made_up_one_is_400(api, demo):
    next_url = api.get("/api/v1/motions/?page_size=2").json()["next"]
    cursor = next_url.split("cursor=")[1].split("&")[0]
    response = api.get(f"/api/v1/motions/?page_size=2&ordering=vote_date&cursor={cursor}")
    assert response.status_code == 400 and "cursor" in response.json()["error"]["fields"]
    for made_up in ("abc", "eyJvIjoiLXN1Ym1pdHRlZF9vbiIsInYiOjEsImlkIjoiMSJ9", "e30"):
        assert api.get(f"/api/v1/motions/?cursor={made_up}").status_code == 400, made_up


def test_the_last_page_has_no_next(api, demo):
    body = api.get("/api/v1/motions/?page_size=200").json()
    assert body["next"] is None and len(body["results"]) == 12
