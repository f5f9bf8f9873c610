"""Backups you can restore: every row of every app, with primary keys, history and files.

``export_data(stream)`` writes JSON lines, streaming (constant memory, whatever the size): a header
line, then one line per row ``{"model": "motions.motion", "pk": 1, "fields": {...}}`` — uploaded
letter files ride along base64-encoded in ``"file_content"``. ``import_data(stream)`` reads them back
into an empty database in one transaction (foreign keys are checked at commit, so the order of rows
never matters) and resets the sequences, so primary keys, the append-only history and the change
feed's numbers are exactly what they were.
"""

from __future__ import annotations

import base64
import datetime as dt
import json
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from typing import IO

from django.apps import apps
from django.core import serializers
from django.core.files.base import ContentFile
from django.core.management.color import no_style
from django.core.serializers.json import DjangoJSONEncoder
from django.db import connection, models, transaction

FORMAT = "motietracker-backup"
VERSION = 1
APPS = ("auth", "motions", "letters", "alerts", "tracker")
BATCH = 1000


class _Encoder(DjangoJSONEncoder):
    """Django's encoder rounds datetimes to milliseconds; a backup keeps every microsecond."""

    def default(self, o):
        if isinstance(o, (dt.datetime, dt.time)):
            return o.isoformat()
        return super().default(o)


class BackupError(Exception):
    """A backup file that cannot be restored, or a database that is not empty."""


def backup_models() -> list[type[models.Model]]:
    """Every concrete model of our apps (and users, groups: history points at them), stable order."""
    result = []
    for label in APPS:
        try:
            config = apps.get_app_config(label)
        except LookupError:
            continue
        for model in config.get_models():
            if model._meta.proxy or not model._meta.managed:
                continue
            if label == "auth" and model.__name__ == "Permission":
                continue  # recreated by migrate; content types differ between databases
            result.append(model)
    return result


def _rows(model: type[models.Model]) -> Iterator[dict]:
    queryset = model._base_manager.order_by("pk")
    file_fields = [f.name for f in model._meta.fields if isinstance(f, models.FileField)]
    for obj in queryset.iterator(chunk_size=2000):
        record = serializers.serialize("python", [obj])[0]
        if model._meta.label_lower == "auth.user":
            record["fields"].pop("user_permissions", None)
        if model._meta.label_lower == "auth.group":
            record["fields"].pop("permissions", None)
        for name in file_fields:
            field_file = getattr(obj, name)
            if field_file:
                try:
                    with field_file.open("rb") as handle:
                        record.setdefault("file_content", {})[name] = base64.b64encode(handle.read()).decode("ascii")
                except (OSError, ValueError):
                    record.setdefault("missing_files", []).append(field_file.name)
        yield record


def export_data(stream: IO[str], *, progress=None) -> dict[str, int]:
    counts: dict[str, int] = {}
    stream.write(json.dumps({"format": FORMAT, "version": VERSION, "models": [m._meta.label_lower for m in backup_models()]}) + "\n")
    for model in backup_models():
        label = model._meta.label_lower
        n = 0
        for record in _rows(model):
            stream.write(json.dumps(record, cls=_Encoder, ensure_ascii=False) + "\n")
            n += 1
            if progress and n % 10_000 == 0:
                progress(label, n)
        counts[label] = n
    return counts


def _database_is_empty() -> bool:
    for model in backup_models():
        if model._meta.label_lower in ("motions.ministry", "motions.eventcounter"):
            continue  # ministries and the counter may come from migrations or a first start
        if model._base_manager.exists():
            return False
    return True


def _read(stream: IO[str]) -> Iterator[dict]:
    first = stream.readline()
    try:
        header = json.loads(first)
    except json.JSONDecodeError:
        raise BackupError("not a Motietracker backup: the first line is not JSON")
    if not isinstance(header, dict) or header.get("format") != FORMAT:
        raise BackupError("not a Motietracker backup: missing format header")
    if header.get("version") != VERSION:
        raise BackupError(f"backup version {header.get('version')} is not supported (expected {VERSION})")
    for number, line in enumerate(stream, start=2):
        if not line.strip():
            continue
        try:
            yield json.loads(line)
        except json.JSONDecodeError as exc:
            raise BackupError(f"line {number} is not valid JSON ({exc.msg})")


def _flush(model_label: str, batch: list[dict], counts: dict[str, int]) -> None:
    model = apps.get_model(model_label)
    objects, m2m, files = [], [], []
    for deserialized, record in zip(serializers.deserialize("python", batch, ignorenonexistent=True), batch):
        objects.append(deserialized.object)
        if deserialized.m2m_data:
            m2m.append((deserialized.object, deserialized.m2m_data))
        if record.get("file_content"):
            files.append((deserialized.object, record["file_content"]))
    for obj, contents in files:
        for name, encoded in contents.items():
            field_file = getattr(obj, name)
            stored = field_file.storage.save(field_file.name, ContentFile(base64.b64decode(encoded)))
            setattr(obj, name, stored)
    with _keep_timestamps(model):
        model._base_manager.bulk_create(objects, batch_size=BATCH)
    for obj, data in m2m:
        for name, values in data.items():
            getattr(obj, name).set(values)
    counts[model_label] = counts.get(model_label, 0) + len(objects)


@contextmanager
def _keep_timestamps(model: type[models.Model]):
    """auto_now fields would stamp the restore time; a backup restores the times it recorded."""
    fields = [f for f in model._meta.fields if isinstance(f, (models.DateField, models.TimeField)) and (f.auto_now or f.auto_now_add)]
    saved = [(f, f.auto_now, f.auto_now_add) for f in fields]
    for f in fields:
        f.auto_now = f.auto_now_add = False
    try:
        yield
    finally:
        for f, auto_now, auto_now_add in saved:
            f.auto_now, f.auto_now_add = auto_now, auto_now_add


def import_data(stream: IO[str]) -> dict[str, int]:
    if not _database_is_empty():
        raise BackupError("the database is not empty; restore into a freshly migrated database")
    counts: dict[str, int] = {}
    with transaction.atomic():
        # Rows a migration or first start may have made (ministries, the event counter) give way
        # to the backup's own, so their primary keys match what the history points at.
        for label in ("motions.ministry", "motions.eventcounter"):
            try:
                apps.get_model(label)._base_manager.all().delete()
            except LookupError:
                pass
        # Rows of one model are restored in batches; a batch is never empty once ``current`` is set.
        current: str | None = None
        batch: list[dict] = []
        for record in _read(stream):
            model_label = record.get("model")
            if not isinstance(model_label, str) or "fields" not in record:
                raise BackupError("a row without model or fields")
            if model_label != current or len(batch) >= BATCH:
                if current is not None:
                    _flush(current, batch, counts)
                current, batch = model_label, []
            batch.append(record)
        if current is not None:
            _flush(current, batch, counts)
        with connection.cursor() as cursor:
            for sql in connection.ops.sequence_reset_sql(no_style(), backup_models()):
                cursor.execute(sql)
    return counts


def iter_counts(models_: Iterable[type[models.Model]]) -> dict[str, int]:
    return {m._meta.label_lower: m._base_manager.count() for m in models_}
