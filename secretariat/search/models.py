"""The search index: one row per searchable item, kept by this app (ADR 0031)."""

from django.db import models

from secretariat.registry.models import Forum

from .choices import EntryKind


class SearchEntry(models.Model):
    """An item as search sees it. ``scope_id`` names the object whose visibility rule decides
    who may find it (the text for a paragraph, the item itself otherwise): results are
    filtered through the owning app's selector on that id, at query time, so an entry never
    carries a stale copy of a permission. ``haystack`` and ``extra`` are what is matched
    (``tokenize``); SQLite mirrors them in the FTS5 table ``search_fts``."""

    kind = models.CharField(max_length=20, choices=EntryKind.choices)
    object_id = models.BigIntegerField()
    scope_id = models.BigIntegerField()
    forum = models.ForeignKey(
        Forum, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    year = models.PositiveSmallIntegerField(null=True, blank=True)
    language = models.CharField(max_length=10, blank=True)
    # A paragraph of an adopted text's current version: agreed language.
    agreed = models.BooleanField(default=False)
    # A translated value, resolved for each reader (``{"en": {"text": …}}``).
    title = models.JSONField(default=dict)
    body = models.TextField(blank=True)
    # Where the item is read, without the language prefix (``/negotiation/texts/x/``).
    path = models.CharField(max_length=300)
    haystack = models.TextField()
    extra = models.TextField(blank=True)
    indexed_at = models.DateTimeField(auto_now=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["kind", "object_id"], name="one_entry_per_item")
        ]
        indexes = [
            models.Index(fields=["kind", "scope_id"], name="search_entry_scope"),
        ]

    def __str__(self) -> str:
        return f"{self.kind} #{self.object_id}"
