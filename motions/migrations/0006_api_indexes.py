"""Indexes the API's keyset pagination and list ETags need at 100,000 motions (PostgreSQL).

The API orders lists by a total key: ``COALESCE(date, sentinel), id`` (motions.api_views,
tracker.http.KeysetPagination). An expression index on exactly that expression lets PostgreSQL
read a page — first or ten-thousandth — straight from the index instead of sorting the table.
The list ETag reads max(updated_at) of papers, hence the index on kamerstuk.updated_at.

Raw SQL with no model-state change, like the search index in 0004: the indexes are an
implementation detail of the API's queries (the sentinel literals must match what Django sends),
and SQLite, the embedded default, does without them.
"""

from django.db import migrations

INDEXES = [
    ("motions_motion_api_submitted", "motions_motion", "(COALESCE(submitted_on, '0001-01-01'::date)), id"),
    ("motions_motion_api_vote_date", "motions_motion", "(COALESCE(vote_date, '0001-01-01'::date)), id"),
    ("motions_motion_api_deadline", "motions_motion", "(COALESCE(deadline, '9999-12-31'::date)), id"),
    ("motions_motion_api_updated", "motions_motion", "updated_at, id"),
    # A ministry's motions in page order: the staff's and newsrooms' most common filtered list.
    ("motions_motion_api_ministry", "motions_motion", "ministry_id, (COALESCE(submitted_on, '0001-01-01'::date)), id"),
    ("motions_commitment_api_made_on", "motions_commitment", "(COALESCE(made_on, '0001-01-01'::date)), id"),
    ("motions_kamerstuk_api_date", "motions_kamerstuk", "(COALESCE(date, '0001-01-01'::date)), id"),
    ("motions_kamerstuk_api_updated", "motions_kamerstuk", "updated_at, id"),
]


def create(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    for name, table, columns in INDEXES:
        schema_editor.execute(f"CREATE INDEX IF NOT EXISTS {name} ON {table} ({columns})")


def drop(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    for name, _, _ in INDEXES:
        schema_editor.execute(f"DROP INDEX IF EXISTS {name}")


class Migration(migrations.Migration):
    dependencies = [("motions", "0004_search_vector")]

    operations = [migrations.RunPython(create, drop)]
