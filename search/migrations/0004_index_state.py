from django.db import migrations, models


def create_state(apps, schema_editor):
    apps.get_model("portal_search", "IndexState").objects.using(schema_editor.connection.alias).get_or_create(
        pk=1, defaults={"token": "initial"}
    )


class Migration(migrations.Migration):
    dependencies = [("portal_search", "0003_prefix_config")]

    operations = [
        migrations.CreateModel(
            name="IndexState",
            fields=[
                ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                ("token", models.CharField(max_length=32)),
            ],
            options={"verbose_name": "estado del índice"},
        ),
        migrations.RunPython(create_state, migrations.RunPython.noop),
    ]
