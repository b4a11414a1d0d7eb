"""The negotiating record's derestriction: when, by whom and by which decision (ADR 0020).
Every existing text starts restricted: its record stays with its forum."""

import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('negotiation', '0006_version_drafts'),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.AddField(
            model_name='text',
            name='record_derestricted_at',
            field=models.DateTimeField(blank=True, editable=False, null=True),
        ),
        migrations.AddField(
            model_name='text',
            name='record_derestricted_by',
            field=models.ForeignKey(blank=True, editable=False, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to=settings.AUTH_USER_MODEL),
        ),
        migrations.AddField(
            model_name='text',
            name='record_derestriction_decision',
            field=models.CharField(blank=True, editable=False, max_length=200),
        ),
    ]
