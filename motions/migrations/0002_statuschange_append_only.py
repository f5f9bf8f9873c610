"""Make the status history append-only in the database itself, not only in the ORM.

UPDATE is refused on every backend. DELETE is refused on PostgreSQL too; on SQLite the
ORM refuses it, because Django's test flush on SQLite empties tables with DELETE
(PostgreSQL uses TRUNCATE, which row triggers do not see).
"""

from django.db import migrations

MESSAGE = "motions_statuschange is append-only"


def create_triggers(apps, schema_editor):
    vendor = schema_editor.connection.vendor
    if vendor == "sqlite":
        schema_editor.execute(
            f"CREATE TRIGGER motions_statuschange_no_update BEFORE UPDATE ON motions_statuschange "
            f"BEGIN SELECT RAISE(ABORT, '{MESSAGE}'); END;"
        )
    elif vendor == "postgresql":
        schema_editor.execute(
            f"""CREATE OR REPLACE FUNCTION motions_statuschange_refuse() RETURNS trigger AS $$
            BEGIN RAISE EXCEPTION '{MESSAGE}'; END; $$ LANGUAGE plpgsql;"""
        )
        schema_editor.execute(
            "CREATE TRIGGER motions_statuschange_no_update BEFORE UPDATE OR DELETE ON motions_statuschange "
            "FOR EACH ROW EXECUTE FUNCTION motions_statuschange_refuse();"
        )


def drop_triggers(apps, schema_editor):
    vendor = schema_editor.connection.vendor
    if vendor == "sqlite":
        schema_editor.execute("DROP TRIGGER IF EXISTS motions_statuschange_no_update;")
    elif vendor == "postgresql":
        schema_editor.execute("DROP TRIGGER IF EXISTS motions_statuschange_no_update ON motions_statuschange;")
        schema_editor.execute("DROP FUNCTION IF EXISTS motions_statuschange_refuse();")


class Migration(migrations.Migration):
    dependencies = [("motions", "0001_initial")]

    operations = [migrations.RunPython(create_triggers, drop_triggers)]
