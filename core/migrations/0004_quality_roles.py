"""Groups of the two roles added for the quality programme: municipal quality teams and validators."""

from django.db import migrations

ROLES = ["calidad", "validadores"]


def create_groups(apps, schema_editor):
    Group = apps.get_model("auth", "Group")
    for name in ROLES:
        Group.objects.get_or_create(name=name)


def remove_groups(apps, schema_editor):
    Group = apps.get_model("auth", "Group")
    Group.objects.filter(name__in=ROLES, user__isnull=True).delete()


class Migration(migrations.Migration):
    dependencies = [("core", "0003_municipality_typology")]

    operations = [migrations.RunPython(create_groups, remove_groups)]
