"""The default kinds, lifecycles, scoring criteria and ISO/IEC stage codes (``defaults``).
They are data: the secretariat changes them in the admin afterwards (ADR 0028)."""

from django.db import migrations

from secretariat.projects import defaults


def seed(apps, schema_editor):
    defaults.ensure(lambda name: apps.get_model("projects", name))


def unseed(apps, schema_editor):
    for model in ("LifecycleTransition", "LifecycleState", "ProjectKind", "Criterion", "StandardStage"):
        apps.get_model("projects", model).objects.all().delete()


class Migration(migrations.Migration):
    dependencies = [("projects", "0001_projects_lifecycles_and_scoring")]
    operations = [migrations.RunPython(seed, unseed)]
