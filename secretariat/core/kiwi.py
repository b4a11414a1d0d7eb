"""One Korean morpheme analyser (kiwipiepy) per process, shared by search (morphemes) and the
automatic extracts (sentence boundaries): it takes ~3 s and ~0.5 GB to load, so it loads on
first use and only once. Its model ships in the ``kiwipiepy-model`` wheel: nothing is fetched."""

import threading
from typing import Any

_kiwi: Any = None
_loading = threading.Lock()
# Calls into the analyser are serialised: one instance, used from several request threads.
lock = threading.Lock()


def analyser() -> Any:
    global _kiwi
    with _loading:
        if _kiwi is None:
            from kiwipiepy import Kiwi

            _kiwi = Kiwi()
    return _kiwi
