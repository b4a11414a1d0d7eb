"""Derived data that ``secretariat reindex`` rebuilds from the records beside the search
index (the precedent finder's embeddings). Each app registers a rebuilder from its
``AppConfig.ready``; a rebuilder takes no arguments, rebuilds everything it owns and returns
a one-line summary. The command is the search app's; it runs these after its own index."""

from collections.abc import Callable

Rebuilder = Callable[[], str]
_REBUILDERS: dict[str, Rebuilder] = {}


def register(name: str, rebuild: Rebuilder) -> None:
    """Idempotent by ``name`` (``ready`` may run more than once in tests)."""
    _REBUILDERS[name] = rebuild


def names() -> list[str]:
    return sorted(_REBUILDERS)


def rebuild(name: str) -> str:
    return _REBUILDERS[name]()
