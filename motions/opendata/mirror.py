"""The raw mirror of the Tweede Kamer SyncFeed: every entity of the categories we read, as the source gives it.

``FeedEntity`` is one row per entity (its GUID is the primary key): the category, ``tk:bijgewerkt``
and the entry's ``<updated>`` exactly as written, ``tk:verwijderd``, its fields (element local name →
text, ``None`` for ``xsi:nil``) and its references (element local name → list of GUIDs). A later
version of the same entity overwrites the row; a deletion version keeps the row with
``deleted=True`` and the fields it had, so a deletion is recorded as a deletion and nothing is lost.

``FeedReference`` repeats every reference as a row (source, name, target) indexed on the target, so
"which entities reference GUID X" (the Stemmingen of a Besluit, the Besluiten and ZaakActors of a
Zaak, the Documents of a dossier) is one indexed query on SQLite and PostgreSQL alike. The
projection (``projection.py``) builds the domain from these two tables and nothing else;
``manage.py reproject`` rebuilds it without downloading again.

``store_page(entries)`` writes one page: it reads the page's current rows in one query, writes only
what changed (a re-sent version with the same content writes nothing), and answers which GUIDs
changed so that only those are projected.
"""

from __future__ import annotations

import uuid
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import datetime
from typing import cast

import json

from django.db import connection, models
from django.db.models import Field, Model, Q
from django.db.models.expressions import RawSQL
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

__all__ = ["FeedEntity", "FeedReference", "MirroredEntity", "StoreResult", "guid_in", "insert_rows", "store_page"]


def guid_in(field: str, values: Iterable[str | uuid.UUID]) -> Q:
    """``field IN values`` for GUIDs. On PostgreSQL one array literal (``= ANY``-style), not a parameter
    per value: a page's projection asks for thousands, and binding each one cost more than the query."""
    texts = [str(v) for v in values]
    if connection.vendor == "postgresql":
        # Every value is a GUID (parsed or read from a UUID column): safe inside the array literal.
        return Q(**{f"{field}__in": RawSQL("SELECT unnest(%s::uuid[])", ["{" + ",".join(texts) + "}"])})
    return Q(**{f"{field}__in": texts})


class FeedEntity(models.Model):
    """One SyncFeed entity, latest version seen (upserted by GUID)."""

    guid = models.UUIDField(_("Id (open data)"), primary_key=True)
    category = models.CharField(_("categorie"), max_length=40, db_index=True, help_text=_("De SyncFeed-categorie, bijv. Zaak, Besluit, Stemming"))
    bijgewerkt = models.CharField(_("bijgewerkt"), max_length=40, blank=True, help_text=_("tk:bijgewerkt zoals de bron het schreef (Amsterdamse tijd zonder offset)"))
    updated = models.CharField(_("in de feed"), max_length=40, blank=True, help_text=_("<updated> van het entry (ApiGewijzigdOp, UTC)"))
    deleted = models.BooleanField(_("verwijderd"), default=False, help_text=_("tk:verwijderd: de bron heeft de entiteit verwijderd; velden blijven zoals ze waren"))
    nummer = models.CharField(
        _("nummer"), max_length=40, blank=True, db_index=True,
        help_text=_("nummer of documentNummer van de entiteit (Zaak 2024Z19048, Document 2024D14184, dossier 35207), voor opzoeken"),
    )
    fields = models.JSONField(_("velden"), default=dict, blank=True, help_text=_("Elementnaam → tekst (null voor xsi:nil)"))
    refs = models.JSONField(_("verwijzingen"), default=dict, blank=True, help_text=_("Elementnaam → lijst van Ids"))
    content_type = models.CharField(_("bestandstype"), max_length=200, blank=True, help_text=_("tk:contentType van een downloadbare entiteit"))
    content_length = models.BigIntegerField(_("bestandsgrootte"), null=True, blank=True, help_text=_("tk:contentLength"))
    enclosure = models.CharField(_("bestand"), max_length=500, blank=True, help_text=_('URL van <link rel="enclosure"> (Resources/<id>)'))
    skiptoken = models.BigIntegerField(_("skiptoken"), null=True, blank=True, help_text=_("Het skiptoken van het entry dat deze versie bracht"))
    mirrored_at = models.DateTimeField(_("gespiegeld op"), default=timezone.now)

    class Meta:
        verbose_name = _("SyncFeed-entiteit")
        verbose_name_plural = _("SyncFeed-entiteiten")
        indexes = [models.Index(fields=["category", "nummer"], name="feedentity_cat_nummer")]

    def __str__(self) -> str:
        return f"{self.category} {self.guid}{' (verwijderd)' if self.deleted else ''}"

    def ref(self, name: str) -> str | None:
        """The first GUID of reference ``name``, or None."""
        targets = self.refs.get(name) or []
        return targets[0] if targets else None


class FeedReference(models.Model):
    """One reference of a ``FeedEntity``: ``source`` (of ``category``) points with element ``name`` at ``target``.

    The target need not be mirrored (yet): categories arrive in any order.
    """

    source = models.UUIDField(_("van"), db_index=True)
    category = models.CharField(_("categorie van de bron"), max_length=40)
    name = models.CharField(_("element"), max_length=60)
    target = models.UUIDField(_("naar"))

    class Meta:
        verbose_name = _("SyncFeed-verwijzing")
        verbose_name_plural = _("SyncFeed-verwijzingen")
        indexes = [models.Index(fields=["target", "category"], name="feedreference_target")]
        constraints = [models.UniqueConstraint(fields=["source", "name", "target"], name="feedreference_unique")]

    def __str__(self) -> str:
        return f"{self.category} {self.source} —{self.name}→ {self.target}"


@dataclass
class MirroredEntity:
    """One entity as parsed from a feed entry (see ``feed.parse_entity``)."""

    guid: uuid.UUID
    category: str
    bijgewerkt: str
    deleted: bool
    fields: dict[str, str | None]
    refs: dict[str, list[str]]
    updated: str = ""
    content_type: str = ""
    content_length: int | None = None
    enclosure: str = ""
    skiptoken: int | None = None

    @property
    def nummer(self) -> str:
        value = self.fields.get("nummer") or self.fields.get("documentNummer") or ""
        return str(value)[:40]

    def same_as(self, row: tuple) -> bool:
        """Whether the stored row (bijgewerkt, deleted, fields, refs, content_type, content_length) says the same.

        ``tk:bijgewerkt`` alone does not count: bulk data fixes re-send old entities with a new
        ``bijgewerkt`` and nothing else changed (OpenDataPortaal #127); those are not news."""
        _bijgewerkt, deleted, fields, refs, content_type, content_length = row
        if deleted and self.deleted:
            return True  # a deletion re-sent: nothing new
        return (
            deleted == self.deleted and fields == self.fields and refs == self.refs
            and content_type == self.content_type and content_length == self.content_length
        )


@dataclass
class StoreResult:
    created: list[MirroredEntity] = field(default_factory=list)
    changed: list[MirroredEntity] = field(default_factory=list)  # updated or deleted
    unchanged: int = 0

    @property
    def touched(self) -> list[MirroredEntity]:
        return self.created + self.changed


_UPDATE_FIELDS = ["category", "bijgewerkt", "updated", "deleted", "nummer", "fields", "refs", "content_type", "content_length", "enclosure", "skiptoken", "mirrored_at"]


def store_page(entries: Iterable[MirroredEntity]) -> StoreResult:
    """Upsert one page of entities by GUID; a constant number of queries whatever the page size.

    A deletion version keeps the fields of the version before it (the source sends none). The caller
    holds the transaction.
    """
    latest: dict[uuid.UUID, MirroredEntity] = {}
    for entry in entries:
        latest[entry.guid] = entry  # within a page the later entry is the later version
    result = StoreResult()
    if not latest:
        return result
    current = {
        row[0]: row[1:]
        for row in FeedEntity.objects.filter(guid_in("guid", latest)).values_list(
            "guid", "bijgewerkt", "deleted", "fields", "refs", "content_type", "content_length"
        )
    }
    now = timezone.now()
    rows: list[MirroredEntity] = []
    for guid, entry in latest.items():
        old = current.get(guid)
        if old is not None and entry.same_as(old):
            result.unchanged += 1
            continue
        if entry.deleted and old is not None:
            # Keep what the entity said; record that it is gone.
            entry.fields, entry.refs = old[2], old[3]
            entry.content_type, entry.content_length = old[4], old[5]
        (result.changed if old is not None else result.created).append(entry)
        rows.append(entry)
    if not rows:
        return result
    _upsert_entities(rows, now)
    # References of the rows written are replaced; a deletion keeps its last references (so that
    # "who referenced X" still finds it and the projection sees the deletion).
    changed_refs = [e for e in result.changed if not e.deleted]
    if changed_refs:
        FeedReference.objects.filter(guid_in("source", [e.guid for e in changed_refs])).delete()
    new_refs = [
        (e.guid, e.category, name, target)
        for e in result.created + changed_refs
        for name, targets in e.refs.items()
        for target in dict.fromkeys(targets)
    ]
    insert_rows(FeedReference, ["source", "category", "name", "target"], new_refs)
    return result


def _upsert_entities(rows: list[MirroredEntity], now: datetime) -> None:
    """``INSERT … ON CONFLICT (guid) DO UPDATE`` of the rows; on PostgreSQL through COPY into a temporary
    table (building a parameter per column per row cost more than the database's work)."""
    if connection.vendor != "postgresql":
        objects = [
            FeedEntity(
                guid=r.guid, category=r.category, bijgewerkt=r.bijgewerkt, updated=r.updated, deleted=r.deleted, nummer=r.nummer,
                fields=r.fields, refs=r.refs, content_type=r.content_type, content_length=r.content_length, enclosure=r.enclosure,
                skiptoken=r.skiptoken, mirrored_at=now,
            )
            for r in rows
        ]
        FeedEntity.objects.bulk_create(objects, update_conflicts=True, unique_fields=["guid"], update_fields=_UPDATE_FIELDS, batch_size=1000)
        return
    table = connection.ops.quote_name(FeedEntity._meta.db_table)
    columns = ["guid", *_UPDATE_FIELDS]
    names = ", ".join(connection.ops.quote_name(c) for c in columns)
    updates = ", ".join(f"{connection.ops.quote_name(c)} = EXCLUDED.{connection.ops.quote_name(c)}" for c in _UPDATE_FIELDS)
    with connection.cursor() as cursor, connection.wrap_database_errors:
        cursor.execute(f"CREATE TEMP TABLE IF NOT EXISTS feedentity_incoming (LIKE {table}) ON COMMIT DELETE ROWS")
        with cursor.cursor.copy(f"COPY feedentity_incoming ({names}) FROM STDIN") as copy:
            for r in rows:
                copy.write_row((
                    r.guid, r.category, r.bijgewerkt, r.updated, r.deleted, r.nummer, json.dumps(r.fields, ensure_ascii=False),
                    json.dumps(r.refs), r.content_type, r.content_length, r.enclosure, r.skiptoken, now,
                ))
        cursor.execute(f"INSERT INTO {table} ({names}) SELECT {names} FROM feedentity_incoming ON CONFLICT (guid) DO UPDATE SET {updates}")
        cursor.execute("DELETE FROM feedentity_incoming")


def insert_rows(model: type[Model], columns: list[str], rows: list[tuple]) -> None:
    """Insert plain rows (no primary keys needed back) with the least machinery: COPY on PostgreSQL,
    one prepared ``executemany`` on SQLite. A page of 250 motions carries some 3,750 votes; building a
    model instance and an INSERT batch for each was most of a page's time. The mirror's references
    and the mapping's sponsorships and votes are written so."""
    if not rows:
        return
    # ``columns`` name concrete fields (get_field's type also allows reverse relations, which have no column).
    fields = [cast(Field, model._meta.get_field(c)) for c in columns]
    table = connection.ops.quote_name(model._meta.db_table)
    names = ", ".join(connection.ops.quote_name(cast(str, f.column)) for f in fields)
    # COPY goes to psycopg directly: wrap_database_errors turns its errors into Django's
    # (IntegrityError, OperationalError), as every other query's are.
    with connection.cursor() as cursor, connection.wrap_database_errors:
        if connection.vendor == "postgresql":
            with cursor.cursor.copy(f"COPY {table} ({names}) FROM STDIN") as copy:
                for row in rows:
                    copy.write_row(row)
        else:
            prep = [f.get_db_prep_save for f in fields]
            values = [[p(v, connection) for p, v in zip(prep, row)] for row in rows]
            cursor.executemany(f"INSERT INTO {table} ({names}) VALUES ({', '.join(['%s'] * len(fields))})", values)
