"""``secretariat reindex [NAME …]``: rebuild derived indexes (all registered ones by default)."""

from typing import Any

from django.core.management.base import BaseCommand, CommandError

from secretariat.core import rebuilders


class Command(BaseCommand):
    help = "Rebuild search indexes and embeddings from the records."

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument("names", nargs="*", help="Only these rebuilders (default: all).")

    def handle(self, *args: Any, names: list[str], **options: Any) -> None:
        unknown = sorted(set(names) - set(rebuilders.names()))
        if unknown:
            raise CommandError(
                f"Unknown index {', '.join(unknown)}; known: {', '.join(rebuilders.names())}."
            )
        for name in names or rebuilders.names():
            self.stdout.write(f"{name}: {rebuilders.rebuild(name)}")
