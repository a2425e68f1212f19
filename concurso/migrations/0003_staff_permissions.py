"""Coordinators (group «coordinacion») manage calls and deadline extensions in the Wagtail admin."""

from django.contrib.auth.management import create_permissions
from django.db import migrations

CODENAMES = [
    "add_call", "change_call", "delete_call", "view_call",
    "add_deadlineextension", "change_deadlineextension", "view_deadlineextension",
]


def grant(apps, schema_editor):
    app_config = apps.get_app_config("concurso")
    app_config.models_module = True
    create_permissions(app_config, apps=apps, verbosity=0)
    app_config.models_module = None
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    group, _created = Group.objects.get_or_create(name="coordinacion")
    permissions = Permission.objects.filter(content_type__app_label="concurso", codename__in=CODENAMES)
    group.permissions.add(*permissions)
    admin_access = Permission.objects.filter(content_type__app_label="wagtailadmin", codename="access_admin")
    group.permissions.add(*admin_access)


def revoke(apps, schema_editor):
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    group = Group.objects.filter(name="coordinacion").first()
    if group:
        group.permissions.remove(*Permission.objects.filter(content_type__app_label="concurso", codename__in=CODENAMES))


class Migration(migrations.Migration):
    dependencies = [
        ("concurso", "0002_sentemail_submissionconflictcopy"),
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
        ("wagtailadmin", "0001_create_admin_access_permissions"),
    ]

    operations = [migrations.RunPython(grant, revoke)]
