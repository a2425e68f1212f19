# The library page of a decision is GoodPracticePage.competition_decision (portal points down at the
# evaluation); Decision.practice_page, the same link kept the other way round, goes.

from django.db import migrations


def copy_links_to_pages(apps, schema_editor):
    Decision = apps.get_model("evaluacion", "Decision")
    GoodPracticePage = apps.get_model("portal", "GoodPracticePage")
    for decision_id, page_id in Decision.objects.filter(practice_page__isnull=False).values_list("pk", "practice_page_id"):
        GoodPracticePage.objects.filter(pk=page_id, competition_decision__isnull=True).update(competition_decision_id=decision_id)


def copy_links_to_decisions(apps, schema_editor):
    Decision = apps.get_model("evaluacion", "Decision")
    GoodPracticePage = apps.get_model("portal", "GoodPracticePage")
    pages = GoodPracticePage.objects.filter(competition_decision__isnull=False).order_by("pk")
    for page_id, decision_id in pages.values_list("pk", "competition_decision_id"):
        Decision.objects.filter(pk=decision_id, practice_page__isnull=True).update(practice_page_id=page_id)


class Migration(migrations.Migration):

    dependencies = [
        ('evaluacion', '0006_review_two_texts_publication_reason'),
        ('portal', '0005_improvementproject_action_line'),
    ]

    operations = [
        migrations.RunPython(copy_links_to_pages, copy_links_to_decisions),
        migrations.RemoveField(
            model_name='decision',
            name='practice_page',
        ),
    ]
