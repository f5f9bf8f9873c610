"""What the open-data sync tests share: the fake SyncFeed with the seed motions, a client that never sleeps, snapshots."""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from django.apps import apps
from django.core import serializers

from motions.models import Motion
from motions.opendata.feed import SyncFeedClient
from motions.opendata.sync import sync
from tests.fake_syncfeed import FakeSyncFeed, load_seed

FIXTURES = Path(__file__).resolve().parent.parent / "fixtures" / "opendata"
SHARED = Path(__file__).resolve().parents[3] / "shared"
SAMPLES = SHARED / "opendata-samples"
SYNCFEED_FIXTURES = Path(__file__).resolve().parent.parent / "fixtures" / "syncfeed"

SEED_KEYS = ["36600-V-31", "35207-88", "35207-83", "35207-84", "35207-87", "35207-92", "35207-93", "35207-98", "35207-89", "35207-95", "35207-94", "26150-227"]
BOOKKEEPING = {"motions.SyncState", "motions.SyncLease", "motions.FeedEntity", "motions.FeedReference"}


@contextmanager
def seed_server(*, page_size: int = 50, categories: Iterable[str] | None = None) -> Iterator[FakeSyncFeed]:
    """A fake SyncFeed with the twelve real seed motions and everything around them."""
    with FakeSyncFeed(page_size=page_size) as server:
        load_seed(server, categories)
        yield server


class Sleeps(list):
    """Stands in for ``time.sleep`` in the client: records each wait instead of waiting."""

    def __call__(self, seconds: float) -> None:
        self.append(seconds)


def client_for(fake: FakeSyncFeed, **options: Any) -> SyncFeedClient:
    options.setdefault("timeout", 5.0)
    options.setdefault("sleep", Sleeps())
    return SyncFeedClient(fake.base_url, **options)


def run(fake: FakeSyncFeed, categories: Iterable[str] | None = None, **options: Any):
    """One sync against ``fake`` with a client that never sleeps."""
    client_options = options.pop("client_options", {})
    with client_for(fake, **client_options) as client:
        return sync(categories, client=client, **options)


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


def seed_split(zaak_nummer: str, categories: tuple[str, ...] = ("Besluit", "Stemming")) -> tuple[list[tuple[str, str, str]], list[tuple[str, str, str]]]:
    """The seed entities split in (kept, held back): held are the entities of ``categories`` that belong to
    the motion with this Zaak nummer (its Besluiten and their Stemmingen, by default)."""
    from tests.fake_syncfeed import seed_entities

    entities = seed_entities()
    zaak = next(x for c, _, x in entities if c == "Zaak" and f"<nummer>{zaak_nummer}</nummer>" in x)
    zaak_guid = zaak.split(' id="', 1)[1][:36]
    marks = {zaak_guid}
    held_ids: set[int] = set()
    for _ in range(3):  # Besluit → its Stemmingen
        for i, (c, _, x) in enumerate(entities):
            if c in categories and any(f'ref="{m}"' in x for m in marks):
                held_ids.add(i)
                marks.add(x.split(' id="', 1)[1][:36])
    kept = [e for i, e in enumerate(entities) if i not in held_ids]
    held = [e for i, e in enumerate(entities) if i in held_ids]
    return kept, held


def add_entities(fake: FakeSyncFeed, entities: list[tuple[str, str, str]]) -> None:
    for category, updated, xml in entities:
        fake.add(category, xml, updated=updated)
