"""The read model (api.readmodel) against a fresh render, after every change of a random sequence.

Changes go through the services (status, assignment with a deadline, response review), the one way in
for letters, the admin's letter-date correction and the SyncFeed sync (a real HTTP fake: a motion
retitled, a decision changed). After each, every stored body and ETag must equal what the builders make
of the tables now, and every stored motion page must equal the page rendered now. Runs on SQLite and,
in CI, on PostgreSQL.
"""

from __future__ import annotations

import datetime as dt
import random

import pytest
from django.contrib.auth.models import AnonymousUser
from django.test import RequestFactory
from django.urls import resolve
from django.utils import translation

from api import readmodel
from letters.ingest import ingest_letter
from letters.models import Citation, Letter, refresh_answered_on
from letters.review import confirm_response, reject_response
from motions.models import Commitment, Dossier, Motion, ReadRow, Status
from motions.services import TRANSITIONS, WorkflowError, assign, record_status
from tests.motions.sync_support import run, seed_server
from web.views import CSRF_MARK, render_motion_page

pytestmark = pytest.mark.django_db

LETTER = """Geachte voorzitter,

Hierbij informeer ik uw Kamer over de uitvoering van de motie van het lid {a} (Kamerstuk {ka}). Deze motie is afgedaan.
Daarnaast is de motie {b} (Kamerstuk {kb}) in uitvoering; ik verwacht u voor de zomer nader te informeren.

De minister van Buitenlandse Zaken
"""


def citation_form(key: str) -> str:
    dossier, number = key.rsplit("-", 1)
    return f"{dossier.replace('-', ' ')}, nr. {number}"


def differences() -> list[str]:
    """Every stored row that is not what a fresh build makes of the tables, and every stored page
    that is not the page rendered now."""
    out = []
    today = dt.date.today()
    for kind, model in ((ReadRow.Kind.MOTION, Motion), (ReadRow.Kind.COMMITMENT, Commitment), (ReadRow.Kind.DOSSIER, Dossier)):
        fresh = {b.key: (b.body, b.etag, b.staff) for b in readmodel.BUILDERS[kind](model.objects.values_list("pk", flat=True), today)}
        stored = {r.key: (r.body, r.etag, r.staff) for r in ReadRow.objects.filter(kind=kind)}
        for key in fresh.keys() | stored.keys():
            if key not in stored and kind == ReadRow.Kind.DOSSIER:
                continue  # a dossier's row is dropped by a change and built on its next read
            if fresh.get(key) != stored.get(key):
                out.append(f"{kind} {key}: stored {'differs' if key in stored else 'missing'}")
    for row in ReadRow.objects.filter(kind=ReadRow.Kind.MOTION).exclude(page_nl=""):
        request = RequestFactory().get(f"/moties/{row.key}/")
        request.user, request.resolver_match = AnonymousUser(), resolve(request.path)
        with translation.override("nl"):
            now = render_motion_page(request, row.key, csrf_token=CSRF_MARK).content.decode()
        if now != row.page_nl:
            out.append(f"page {row.key}: stored page differs")
    return out


@pytest.mark.parametrize("seed", [1, 2, 3])
def test_after_every_change_the_stored_bodies_and_pages_are_a_fresh_render(seed, demo, bz_staff, client, tmp_path):
    rng = random.Random(seed)
    readmodel.rebuild_all()  # as load_demo does: the demo's bulk load writes no events for everything
    with seed_server() as fake:
        run(fake)
        assert differences() == []
        keys = list(Motion.objects.values_list("kamerstuk__key", flat=True))
        letters = 0

        def status_change():
            motion = rng.choice(list(Motion.objects.tracked()))
            choices = sorted(TRANSITIONS.get(motion.status, ()))
            if choices:
                to = rng.choice(choices)
                record_status(motion, to=to, by=bz_staff, reason="in de test")

        def deadline():
            item = rng.choice([*Motion.objects.tracked(), *Commitment.objects.all()])
            assign(item, by=bz_staff, deadline=dt.date.today() + dt.timedelta(days=rng.choice([-30, -1, 0, 1, 30])))

        def letter():
            nonlocal letters
            letters += 1
            a, b = rng.sample(keys, 2)
            path = tmp_path / f"brief-{letters}.txt"
            path.write_text(LETTER.format(a="Test", ka=citation_form(a), b=a, kb=citation_form(b)), encoding="utf-8")
            ingest_letter(path, title=f"Brief {letters}", date=dt.date.today() - dt.timedelta(days=rng.randint(0, 60)))

        def review():
            suggested = list(Citation.objects.suggested().filter(target__in=["motion", "commitment"]).order_by("pk"))
            if suggested:
                citation = rng.choice(suggested)
                (confirm_response if rng.random() < 0.6 else reject_response)(citation, by=bz_staff)

        def letter_date():  # as the admin corrects it
            letters = list(Letter.objects.order_by("pk"))
            if not letters:
                return
            letter = rng.choice(letters)
            letter.date = dt.date.today() - dt.timedelta(days=rng.randint(0, 400))
            letter.save(update_fields=["date"])
            answered = list(letter.citations.values_list("kamerstuk_id", "commitment_id"))
            refresh_answered_on(papers=[p for p, _ in answered], commitments=[c for _, c in answered])

        def sync_title():
            motion = rng.choice(list(Motion.objects.exclude(zaak_id=None)))
            fake.revise(str(motion.zaak_id), onderwerp=f"{motion.title[:80]} (herzien {rng.randint(1, 999)})")
            run(fake)

        def sync_decision():
            besluiten = fake.find("Besluit")
            fake.revise(rng.choice(besluiten), besluitSoort=rng.choice(["Stemmen - aangenomen", "Stemmen - verworpen"]), besluitTekst="Gewijzigd.")
            run(fake)

        def read_pages():  # pages (and dossier rows) are stored on first read
            for key in rng.sample(keys, 3):
                assert client.get(f"/moties/{key}/").status_code == 200
                assert client.get(f"/api/v1/dossiers/{key.rsplit('-', 1)[0]}/").status_code == 200

        steps = [status_change, deadline, letter, review, letter_date, sync_title, sync_decision, read_pages]
        done = []
        for _ in range(12):
            step = rng.choice(steps)
            try:
                step()
            except WorkflowError:
                pass  # a transition the workflow refuses changes nothing
            done.append(step.__name__)
            assert differences() == [], f"after {done}"
        assert ReadRow.objects.exclude(page_nl="").exists() or "read_pages" not in done


def test_a_stored_page_is_served_and_a_change_replaces_it(demo, bz_staff, client):
    client.get("/moties/35207-83/")
    row = ReadRow.objects.get(kind="motion", key="35207-83")
    assert CSRF_MARK in row.page_nl  # the whole page, its forms' tokens left open
    served = client.get("/moties/35207-83/").content.decode()
    assert CSRF_MARK not in served and "csrfmiddlewaretoken" in served
    record_status(Motion.objects.by_key("35207-83").get(), to="in_uitvoering", by=bz_staff, reason="")
    assert ReadRow.objects.get(kind="motion", key="35207-83").page_nl == ""
    assert "In uitvoering" in client.get("/moties/35207-83/").content.decode() or "in uitvoering" in client.get("/moties/35207-83/").content.decode()


def test_a_body_whose_deadline_passed_is_built_again_on_read(demo, bz_staff, api_client_factory=None):
    from rest_framework.test import APIClient

    motion = Motion.objects.by_key("35207-83").get()
    assign(motion, by=bz_staff, deadline=dt.date.today())
    row = ReadRow.objects.get(kind="motion", key="35207-83")
    assert row.fresh_until == dt.date.today() and '"overdue":false' in row.body
    # Tomorrow: the deadline has passed, "overdue" turns.
    ReadRow.objects.filter(pk=row.pk).update(fresh_until=dt.date.today() - dt.timedelta(days=1))
    Motion.objects.filter(pk=motion.pk).update(deadline=dt.date.today() - dt.timedelta(days=1))
    body = APIClient().get("/api/v1/motions/35207-83/").json()
    assert body["overdue"] is True
    assert '"overdue":true' in ReadRow.objects.get(kind="motion", key="35207-83").body
