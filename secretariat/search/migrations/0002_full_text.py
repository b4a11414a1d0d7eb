"""The full-text side of the index (ADR 0031): on SQLite an FTS5 table with the trigram
tokenizer mirroring ``haystack`` and ``extra`` through triggers; on PostgreSQL pg_trgm GIN
indexes that serve ``LIKE '%…%'`` on the same columns."""

from django.db import migrations

SQLITE_UP = [
    "CREATE VIRTUAL TABLE search_fts USING fts5(haystack, extra, "
    "content='search_searchentry', content_rowid='id', tokenize='trigram case_sensitive 1')",
    "CREATE TRIGGER search_fts_insert AFTER INSERT ON search_searchentry BEGIN "
    "INSERT INTO search_fts(rowid, haystack, extra) VALUES (new.id, new.haystack, new.extra); END",
    "CREATE TRIGGER search_fts_delete AFTER DELETE ON search_searchentry BEGIN "
    "INSERT INTO search_fts(search_fts, rowid, haystack, extra) "
    "VALUES ('delete', old.id, old.haystack, old.extra); END",
    "CREATE TRIGGER search_fts_update AFTER UPDATE ON search_searchentry BEGIN "
    "INSERT INTO search_fts(search_fts, rowid, haystack, extra) "
    "VALUES ('delete', old.id, old.haystack, old.extra); "
    "INSERT INTO search_fts(rowid, haystack, extra) VALUES (new.id, new.haystack, new.extra); END",
]
SQLITE_DOWN = [
    "DROP TRIGGER IF EXISTS search_fts_update",
    "DROP TRIGGER IF EXISTS search_fts_delete",
    "DROP TRIGGER IF EXISTS search_fts_insert",
    "DROP TABLE IF EXISTS search_fts",
]
POSTGRES_UP = [
    "CREATE EXTENSION IF NOT EXISTS pg_trgm",
    "CREATE INDEX search_haystack_trgm ON search_searchentry USING gin (haystack gin_trgm_ops)",
    "CREATE INDEX search_extra_trgm ON search_searchentry USING gin (extra gin_trgm_ops)",
]
POSTGRES_DOWN = [
    "DROP INDEX IF EXISTS search_extra_trgm",
    "DROP INDEX IF EXISTS search_haystack_trgm",
]


def _run(statements: dict[str, list[str]]):
    def run(apps, schema_editor):
        for statement in statements.get(schema_editor.connection.vendor, []):
            schema_editor.execute(statement)

    return run


class Migration(migrations.Migration):
    dependencies = [("search", "0001_index")]

    operations = [
        migrations.RunPython(
            _run({"sqlite": SQLITE_UP, "postgresql": POSTGRES_UP}),
            _run({"sqlite": SQLITE_DOWN, "postgresql": POSTGRES_DOWN}),
        )
    ]
