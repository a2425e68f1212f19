from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [
        ("portal", "0007_structured_recognitions_data"),
    ]

    operations = [
        migrations.RemoveField(
            model_name='goodpracticepage',
            name='competition_name',
        ),
        migrations.RemoveField(
            model_name='goodpracticepage',
            name='competition_result',
        ),
    ]
