"""Record when an amendment left its economy. Before this, privacy was read from the state
(``draft``), so a draft withdrawn unsubmitted became public; from now on an amendment never
submitted stays its economy's own in every state."""

from django.db import migrations, models

_NEVER_SUBMITTED = {"draft", "withdrawn"}


def backfill_submitted_at(apps, schema_editor):
    """Amendments past submission were submitted (the audit log says when, else their last
    change). A withdrawn one counts as submitted only if the log shows it was: otherwise it
    stays private, the safe side."""
    Amendment = apps.get_model("negotiation", "Amendment")
    AuditEntry = apps.get_model("core", "AuditEntry")
    submitted: dict[str, object] = {}
    moves = AuditEntry.objects.filter(
        object_type="negotiation.amendment", action="negotiation.amendment.moved"
    ).order_by("seq")
    for entry in moves.iterator():
        state = (entry.changes or {}).get("state") or [None, None]
        if state[1] == "submitted" or state[0] not in (None, "draft"):
            submitted.setdefault(entry.object_id, entry.created_at)
    for amendment in Amendment.objects.filter(submitted_at__isnull=True).iterator():
        when = submitted.get(str(amendment.pk))
        if when is None and amendment.state not in _NEVER_SUBMITTED:
            when = amendment.updated_at
        if when is not None:
            Amendment.objects.filter(pk=amendment.pk).update(submitted_at=when)


class Migration(migrations.Migration):
    dependencies = [
        ("core", "0001_audit_log"),
        ("negotiation", "0003_chairs_statement_report"),
    ]

    operations = [
        migrations.AddField(
            model_name="amendment",
            name="submitted_at",
            field=models.DateTimeField(blank=True, editable=False, null=True),
        ),
        migrations.RunPython(backfill_submitted_at, migrations.RunPython.noop),
    ]
