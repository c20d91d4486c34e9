"""Trigram index on producers' search text (PostgreSQL only); see products 0003."""

from django.db import migrations


def create(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute(
        "CREATE INDEX IF NOT EXISTS producer_search_trgm "
        "ON producers_producer USING gin (search_text gin_trgm_ops)"
    )


def drop(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute("DROP INDEX IF EXISTS producer_search_trgm")


class Migration(migrations.Migration):
    dependencies = [
        ("producers", "0002_search_text"),
        ("products", "0003_search_trigram"),  # creates the pg_trgm extension
    ]
    operations = [migrations.RunPython(create, drop, elidable=False)]
