"""``secretariat precedents TEXT [--json] [--limit N]``: the agreed paragraphs nearest to a
draft, as the anonymous API returns them (published adopted texts only)."""

import json
from typing import Any

from django.contrib.auth.models import AnonymousUser
from django.core.management.base import BaseCommand, CommandError

from secretariat.registry.permissions import principal_for

from ... import selectors
from ...schemas import present


class Command(BaseCommand):
    help = "Find agreed language: adopted paragraphs nearest to a draft, in any language."

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument("text", help="The draft paragraph.")
        parser.add_argument("--json", action="store_true", help="Print the API's JSON.")
        parser.add_argument("--limit", type=int, default=selectors.DEFAULT_LIMIT)

    def handle(self, *args: Any, text: str, limit: int, **options: Any) -> None:
        if not 1 <= limit <= selectors.MAX_LIMIT:
            raise CommandError(f"--limit must be between 1 and {selectors.MAX_LIMIT}.")
        if not text.strip():
            raise CommandError("Give the draft paragraph to find precedents for.")
        found = selectors.find_precedents(principal_for(AnonymousUser()), text, limit=limit)
        items = [present(precedent).dict() for precedent in found]
        if options["json"]:
            self.stdout.write(json.dumps(items, ensure_ascii=False, indent=2))
            return
        if not items:
            self.stdout.write("No agreed paragraph found.")
        for rank, item in enumerate(items, start=1):
            self.stdout.write(
                f"{rank}. {item['text']} {item['eid']} ({item['year']}, {item['language']}) "
                f"score {item['score']:.4f}\n   {item['wording']}"
            )
