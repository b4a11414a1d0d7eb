"""PostgreSQL: the trigram indexes' pending lists kept short.

A GIN index puts new entries in an unsorted pending list that every query reads from end to
end, until the list passes ``gin_pending_list_limit`` (4 MB by default) or a vacuum merges it.
After the index's writes (a text adopted, a rebuild) a search read up to 512 pages of it:
at 100,000 paragraphs a rare word's lookup read 409 pending pages for 62 of the index
proper, and the search statement took 8.0 ms of the server's CPU instead of 5.7. At 1 MB a
query reads at most 128 pending pages (about 0.7 ms); a smaller list would be merged more
often, and a rebuild took longer (at 256 kB 618 paragraphs a second instead of 933, at 1 MB
770). ``index.rebuild`` merges what its writes leave in the list."""

from django.db import migrations

INDEXES = ("search_haystack_trgm", "search_extra_trgm")


def _set_limit(limit: str):
    def run(apps, schema_editor):
        if schema_editor.connection.vendor != "postgresql":
            return
        for index in INDEXES:
            schema_editor.execute(f"ALTER INDEX {index} {limit}")

    return run


class Migration(migrations.Migration):
    dependencies = [("search", "0003_translation_kind")]

    operations = [
        migrations.RunPython(
            _set_limit("SET (gin_pending_list_limit = 1024)"),
            _set_limit("RESET (gin_pending_list_limit)"),
        )
    ]
