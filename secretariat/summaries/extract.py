"""Choosing the sentences of an extract: TextRank over sentence vectors, its random jumps
weighted towards the sentences closest to the document's centroid (what the whole is about),
then the best 3–5 in the order of the source, skipping near repeats. numpy only."""

from dataclasses import dataclass

import numpy as np

from . import embedders, sentences

# A document shorter than this (in candidate sentences) gets no extract: it is its own.
MIN_SENTENCES = 8
MAX_SENTENCES = 400  # read this many at most (the start of a long report carries its point)
MAX_SENTENCE_CHARS = 600
_NEAR_REPEAT = 0.95


@dataclass(frozen=True)
class Extract:
    sentences: list[str]
    method: str


def count_for(total: int) -> int:
    """3 for a short document, 4 for a longer one, 5 past 40 sentences."""
    return 3 if total < 16 else 4 if total < 40 else 5


def _candidate(sentence: str) -> bool:
    words = len(sentence.split())
    # CJK sentences have few spaces: count characters instead.
    return (words >= 4 or len(sentence) >= 15) and len(sentence) <= MAX_SENTENCE_CHARS


def rank(vectors: np.ndarray, damping: float = 0.85, iterations: int = 60) -> np.ndarray:
    """Each sentence's score: personalised PageRank on the cosine-similarity graph."""
    n = len(vectors)
    similarity = np.clip(vectors @ vectors.T, 0.0, None)
    np.fill_diagonal(similarity, 0.0)
    sums = similarity.sum(axis=1, keepdims=True)
    transition = np.divide(similarity, sums, out=np.full_like(similarity, 1.0 / n), where=sums > 0)
    centroid = vectors.mean(axis=0)
    prior = np.clip(vectors @ centroid, 0.0, None) + 1e-6
    prior = prior / prior.sum()
    scores = np.full(n, 1.0 / n, dtype=np.float64)
    for _ in range(iterations):
        updated = (1 - damping) * prior + damping * (transition.T @ scores)
        if np.abs(updated - scores).sum() < 1e-9:
            return updated
        scores = updated
    return scores


def choose(candidates: list[str], vectors: np.ndarray, count: int) -> list[int]:
    """Indexes of the ``count`` best sentences, in source order, without near repeats."""
    order = np.argsort(-rank(vectors), kind="stable")
    chosen: list[int] = []
    for index in order:
        if any(float(vectors[index] @ vectors[other]) > _NEAR_REPEAT for other in chosen):
            continue
        chosen.append(int(index))
        if len(chosen) == count:
            break
    return sorted(chosen)


def extract(text: str, language: str = "") -> Extract | None:
    """The extract of ``text``, or None when it is too short to need one."""
    splitter = sentences.splitter_for(language, text)
    candidates = [s for s in splitter.split(text) if _candidate(s)][:MAX_SENTENCES]
    if len(candidates) < MIN_SENTENCES:
        return None
    embedder = embedders.get_embedder()
    vectors = np.asarray(embedder.embed(candidates), dtype=np.float32)
    norms = np.linalg.norm(vectors, axis=1, keepdims=True)
    vectors = np.divide(vectors, norms, out=np.zeros_like(vectors), where=norms > 0)
    picked = choose(candidates, vectors, count_for(len(candidates)))
    return Extract([candidates[i] for i in picked], f"{splitter.name}+{embedder.name}+textrank")
