"""Free-text recognitions become structured ones (see portal.recognitions): a value naming a
platform call with exactly one matching decision for the municipality is linked to it; any other
becomes an outside record. Alone in its migration: on PostgreSQL, altering a table in the same
transaction as these row updates fails ("pending trigger events")."""

import re

from django.db import migrations
from django.db.models import Q

RECOGNISED = ("ganadora", "mencion", "finalista")


def structure_recognitions(apps, schema_editor):
    """Free-text recognitions become structured (issue 15): the platform call's decision when the text
    names a call of this portal and that call has the municipality's result; otherwise an outside
    recognition (competition, year from the text or else the practice's start year, level)."""
    Page = apps.get_model("portal", "GoodPracticePage")
    External = apps.get_model("portal", "ExternalRecognition")
    Call = apps.get_model("concurso", "Call")
    Decision = apps.get_model("evaluacion", "Decision")
    Revision = apps.get_model("wagtailcore", "Revision")
    pages = Page.objects.filter(~Q(competition_name="") | ~Q(competition_result=""))
    for page in pages.iterator():
        name, level = page.competition_name.strip(), page.competition_result
        revision = Revision.objects.filter(pk=page.latest_revision_id).first() if page.latest_revision_id else None
        content = dict(revision.content) if revision is not None else None
        if page.competition_decision_id is None:
            call = next((c for c in Call.objects.order_by("-year")
                         if name and name.casefold() in (c.title.strip().casefold(), c.slug)), None)
            decisions = Decision.objects.none()
            if call is not None:
                decisions = Decision.objects.filter(submission__call=call, submission__municipality_id=page.municipality_id,
                                                    outcome__in=[level] if level in RECOGNISED else RECOGNISED)
            matches = list(decisions[:2])
            if len(matches) == 1:
                page.competition_decision_id = matches[0].pk
                page.save(update_fields=["competition_decision"])
                if content is not None:
                    content["competition_decision"] = matches[0].pk
            else:
                found = re.search(r"\b(19[5-9]\d|20\d\d)\b", name)
                year = call.year if call is not None else int(found.group(1)) if found else page.year
                item = External.objects.create(page_id=page.pk, competition=name or "Concurso sin nombre registrado",
                                               year=year, level=level if level in RECOGNISED else "", sort_order=0)
                if content is not None:
                    content["external_recognitions"] = [
                        *(content.get("external_recognitions") or []),
                        {"pk": item.pk, "page": page.pk, "sort_order": 0, "competition": item.competition,
                         "year": item.year, "level": item.level, "url": ""},
                    ]
        if content is not None:
            content.pop("competition_name", None)
            content.pop("competition_result", None)
            revision.content = content
            revision.save(update_fields=["content"])


def back_to_text(apps, schema_editor):
    Page = apps.get_model("portal", "GoodPracticePage")
    External = apps.get_model("portal", "ExternalRecognition")
    for item in External.objects.order_by("-year", "sort_order"):
        page = Page.objects.get(pk=item.page_id)
        if not page.competition_name:
            page.competition_name, page.competition_result = item.competition[:200], item.level
            page.save(update_fields=["competition_name", "competition_result"])
    for page in Page.objects.exclude(competition_decision=None).select_related("competition_decision__submission__call"):
        if not page.competition_name:
            decision = page.competition_decision
            page.competition_name = decision.submission.call.title
            page.competition_result = decision.outcome if decision.outcome in RECOGNISED else ""
            page.save(update_fields=["competition_name", "competition_result"])


class Migration(migrations.Migration):
    dependencies = [
        ("portal", "0006_structured_recognitions"),
    ]

    operations = [
        migrations.RunPython(structure_recognitions, back_to_text),
    ]
