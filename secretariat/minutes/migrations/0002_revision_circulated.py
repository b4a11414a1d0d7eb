"""Mark which revisions of the minutes left their editors. Before this every revision was
shown to every reader of the minutes, so drafts saved and replaced before circulation became
public with the approved minutes."""

from django.db import migrations, models


def backfill_circulated(apps, schema_editor):
    """From what the rows still tell: the text current at the last circulation, and, for
    minutes still out of draft, every text saved after it. Earlier history stays the
    editors' (the safe side)."""
    Minutes = apps.get_model("minutes", "Minutes")
    MinutesRevision = apps.get_model("minutes", "MinutesRevision")
    for minutes in Minutes.objects.exclude(circulated_at=None).iterator():
        revisions = MinutesRevision.objects.filter(minutes=minutes)
        at_circulation = (
            revisions.filter(saved_at__lte=minutes.circulated_at).order_by("-number").first()
        )
        if at_circulation is not None:
            revisions.filter(pk=at_circulation.pk).update(circulated=True)
        if minutes.state != "draft":
            revisions.filter(saved_at__gte=minutes.circulated_at).update(circulated=True)
            revisions.filter(number=minutes.revision).update(circulated=True)


class Migration(migrations.Migration):
    dependencies = [
        ("minutes", "0001_minutes_revisions_action_items"),
    ]

    operations = [
        migrations.AddField(
            model_name="minutesrevision",
            name="circulated",
            field=models.BooleanField(default=False),
        ),
        migrations.RunPython(backfill_circulated, migrations.RunPython.noop),
    ]
