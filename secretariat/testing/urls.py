"""Enumerate every URL pattern of the project, so nothing can be added unchecked."""

from collections.abc import Iterator
from dataclasses import dataclass

from django.urls import URLPattern, URLResolver, get_resolver


@dataclass(frozen=True)
class Route:
    key: str  # "namespace:name", or the pattern itself for unnamed routes
    pattern: str
    namespace: str | None


def iter_routes() -> Iterator[Route]:
    def walk(patterns, namespace, prefix):  # type: ignore[no-untyped-def]
        for entry in patterns:
            if isinstance(entry, URLResolver):
                inner = namespace
                if entry.namespace:
                    inner = f"{namespace}:{entry.namespace}" if namespace else entry.namespace
                yield from walk(entry.url_patterns, inner, prefix + str(entry.pattern))
            elif isinstance(entry, URLPattern):
                pattern = prefix + str(entry.pattern)
                if entry.name:
                    key = f"{namespace}:{entry.name}" if namespace else entry.name
                else:
                    key = pattern
                yield Route(key=key, pattern=pattern, namespace=namespace)

    yield from walk(get_resolver().url_patterns, None, "/")
