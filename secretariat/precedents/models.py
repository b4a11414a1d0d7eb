"""Embeddings of agreed paragraphs (the wording of adopted texts), for the precedent finder.
Derived data: ``secretariat reindex`` rebuilds all of it from the texts."""

from django.db import models

from secretariat.negotiation.models import Paragraph, Text


class ParagraphEmbedding(models.Model):
    """One agreed paragraph's vector under one embedding model: L2-normalised float32 bytes
    (``numpy.frombuffer(vector, "float32")``). ``text`` is kept beside the paragraph so the
    finder filters by visible texts without a join."""

    paragraph = models.ForeignKey(Paragraph, on_delete=models.CASCADE, related_name="+")
    text = models.ForeignKey(Text, on_delete=models.CASCADE, related_name="+")
    model = models.CharField(max_length=80)
    language = models.CharField(max_length=10)
    vector = models.BinaryField()
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["id"]
        constraints = [
            models.UniqueConstraint(
                fields=["paragraph", "model"], name="one_embedding_per_paragraph_and_model"
            )
        ]

    def __str__(self) -> str:
        return f"embedding of paragraph {self.paragraph_id} ({self.model})"


class IndexGeneration(models.Model):
    """Renewed in the same transaction as every change to a model's embeddings: each process
    keeps its matrix in memory and reloads it when the token it loaded is no longer current
    (one indexed single-row read per query, whichever process wrote). A random token, not a
    counter: a rolled-back change followed by another could otherwise repeat a number."""

    model = models.CharField(max_length=80, unique=True)
    token = models.CharField(max_length=32)

    def __str__(self) -> str:
        return f"{self.model} at {self.token}"
