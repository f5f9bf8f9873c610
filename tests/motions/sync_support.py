"""What the open-data sync tests share: the fixture pages, a client that never sleeps, database snapshots."""

from __future__ import annotations

import json
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from django.apps import apps
from django.core import serializers

from motions.models import Motion
from motions.opendata import ODataClient
from tests.fake_odata import FakeOData

FIXTURES = Path(__file__).resolve().parent.parent / "fixtures" / "opendata"
SHARED = Path(__file__).resolve().parents[3] / "shared"
SAMPLES = SHARED / "opendata-samples"

SEED_KEYS = ["36600-V-31", "35207-88", "35207-83", "35207-84", "35207-87", "35207-92", "35207-93", "35207-98", "35207-89", "35207-95", "35207-94", "26150-227"]
BOOKKEEPING = {"motions.SyncState", "motions.SyncLease"}


def fixture_rows(prefix: str) -> list[dict[str, Any]]:
    """The rows of ``tests/fixtures/opendata/<prefix>_page*.json``, in page order."""
    rows: list[dict[str, Any]] = []
    for path in sorted(FIXTURES.glob(f"{prefix}_page*.json")):
        rows.extend(json.loads(path.read_text(encoding="utf-8"))["value"])
    return rows


def seed_zaken() -> list[dict[str, Any]]:
    """The twelve real seed motions (three pages of five in the fixtures)."""
    return fixture_rows("zaak")


@contextmanager
def seed_server(commitments: list[dict[str, Any]] | None = None, *, page_size: int = 5) -> Iterator[FakeOData]:
    """A fake OData server with the twelve seed motions, these commitments and no dossier lookups."""
    with FakeOData(page_size=page_size) as server:
        server.add("Zaak", seed_zaken())
        server.add("Toezegging", commitments or [])
        server.add("Kamerstukdossier", [])
        yield server


class Sleeps(list):
    """Stands in for ``time.sleep`` in the client: records each wait instead of waiting."""

    def __call__(self, seconds: float) -> None:
        self.append(seconds)


def client_for(fake: FakeOData, **options: Any) -> ODataClient:
    options.setdefault("timeout", 5.0)
    options.setdefault("sleep", Sleeps())
    return ODataClient(fake.base_url, **options)


def snapshot(*, with_timestamps: bool = True) -> dict[str, str]:
    """Every row of our apps but the sync's own bookkeeping, serialised: equal snapshots, same rows."""
    result = {}
    for model in list(apps.get_app_config("motions").get_models()) + list(apps.get_app_config("letters").get_models()):
        if model._meta.label in BOOKKEEPING:
            continue
        names = [f.name for f in model._meta.fields if with_timestamps or f.name not in ("updated_at", "created_at")]
        result[model._meta.label] = serializers.serialize("json", model._default_manager.order_by("pk"), fields=names)
    return result


def motions_by_key() -> dict[str, Motion]:
    return {m.kamerstuk.key: m for m in Motion.objects.select_related("kamerstuk")}
