"""The tree's root page is shown in the admin explorer ("Explorando: Root"): give it a Spanish title."""

from django.db import migrations


def rename(apps, schema_editor):
    Page = apps.get_model("wagtailcore", "Page")
    Page.objects.filter(depth=1, title="Root").update(title="Raíz", draft_title="Raíz")


def restore(apps, schema_editor):
    Page = apps.get_model("wagtailcore", "Page")
    Page.objects.filter(depth=1, title="Raíz").update(title="Root", draft_title="Root")


class Migration(migrations.Migration):
    dependencies = [("portal", "0001_initial"), ("wagtailcore", "0094_alter_page_locale")]

    operations = [migrations.RunPython(rename, restore)]
