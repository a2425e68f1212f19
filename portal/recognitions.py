"""A practice's recognitions as structured data, never free text (issue 15, point 3).

Two kinds, one shape for the case page, the cards, the library filter, the API and the import:

* a result of a call run on this platform: ``GoodPracticePage.competition_decision`` (the committee's
  decision itself), shown only once the call's results are published;
* a recognition from outside the platform (another competition or award): an
  ``ExternalRecognition`` row (competition, year, level, optional link).

The import (``manage.py import_practices``) resolves a row's ``competition_*`` columns here: a call of
this platform named by its slug, its title or its code (``BP25``) is linked to the decision of that
call for the row's municipality, or the row is refused with a message in Spanish.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from django.apps import apps
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext, gettext_lazy


class CompetitionResult(models.TextChoices):
    """Level of a practice's recognition in a competition (the call's decision or another prize)."""

    WINNER = "ganadora", gettext_lazy("Ganadora")
    MENTION = "mencion", gettext_lazy("Mención honrosa")
    FINALIST = "finalista", gettext_lazy("Finalista")


# Outcomes of a call that are a recognition (a "no seleccionada" decision is not).
RECOGNISED_OUTCOMES = ("ganadora", "mencion", "finalista")


@dataclass(frozen=True)
class Recognition:
    level: str  # ganadora | mencion | finalista | "" (external, no level given)
    level_label: str
    competition: str
    year: int
    url: str = ""
    on_platform: bool = False
    category: str = ""
    entry_code: str = ""

    def __str__(self) -> str:
        return " — ".join(
            part for part in (f"{self.competition} {self.year}".strip(), self.level_label) if part
        )


def level_label(level: str) -> str:
    return str(CompetitionResult(level).label) if level in CompetitionResult.values else gettext("Reconocida")


def for_page(page) -> list[Recognition]:
    """The page's public recognitions: the published call result first, then outside ones by year."""
    from django.urls import reverse

    found = []
    decision = page.competition_decision if page.competition_decision_id else None
    if decision is not None and decision.outcome in RECOGNISED_OUTCOMES:
        call = decision.submission.call
        if call.results_published_at:
            found.append(
                Recognition(
                    level=decision.outcome,
                    level_label=level_label(decision.outcome),
                    competition=call.title,
                    year=call.year,
                    url=reverse("concurso:call_detail", args=[call.slug]) + "#resultados",
                    on_platform=True,
                    category=decision.submission.category.name if decision.submission.category_id else "",
                    entry_code=decision.submission.code,
                )
            )
    for item in sorted(page.external_recognitions.all(), key=lambda r: (-r.year, r.sort_order or 0)):
        found.append(
            Recognition(
                level=item.level,
                level_label=level_label(item.level),
                competition=item.competition,
                year=item.year,
                url=item.url,
            )
        )
    return found


def practices_with_level(level: str) -> Q:
    """Q for practices recognised at this level: a published call result or an outside recognition."""
    return Q(
        competition_decision__outcome=level,
        competition_decision__submission__call__results_published_at__isnull=False,
    ) | Q(external_recognitions__level=level)


# ---------------------------------------------------------------------------------------------
# Import: a row's competition_* columns
# ---------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class ImportedRecognition:
    """What one import row says: a platform decision (pk) or an outside recognition."""

    decision_id: int | None = None
    competition: str = ""
    year: int | None = None
    level: str = ""
    url: str = ""
    # The row's columns as the export writes them back (so an unchanged row is seen as unchanged).
    columns: tuple = ()


def find_call(name: str):
    """The platform call a text names: slug, title (any case) or code (prefix + two-digit year, BP25)."""
    Call = apps.get_model("concurso", "Call")
    text = name.strip()
    if not text:
        return None
    folded = text.casefold()  # in Python: SQLite's iexact ignores the case of ASCII letters only
    for call in Call.objects.order_by("-year"):
        if call.slug == folded or call.title.strip().casefold() == folded:
            return call
    match = re.fullmatch(r"([A-Za-z]{1,6})-?(\d{2}|\d{4})", text)
    if match:
        prefix, digits = match.group(1).upper(), int(match.group(2))
        for candidate in Call.objects.filter(code_prefix__iexact=prefix).order_by("-year"):
            if digits in (candidate.year, candidate.year % 100):
                return candidate
    return None


def resolve(
    *, name: str, level: str, year: int | None, entry: str, url: str, municipality
) -> ImportedRecognition | None:
    """A row's recognition; ValueError (message in Spanish) when it names a platform call wrongly."""
    name, entry, url = name.strip(), entry.strip().upper(), url.strip()
    if not name and not level and not entry:
        return None
    call = find_call(name) if name else None
    if call is None and entry:
        Submission = apps.get_model("concurso", "Submission")
        submission = Submission.objects.filter(code=entry).select_related("call").first()
        if submission is None:
            raise ValueError(
                gettext("No existe la postulación «%(code)s» en la plataforma.") % {"code": entry}
            )
        call = submission.call
    if call is not None:
        return _platform(call=call, level=level, year=year, entry=entry, municipality=municipality)
    if not name:
        raise ValueError(gettext("Indique en competition_name el concurso o premio del reconocimiento."))
    if year is None:
        found = re.search(r"\b(19[5-9]\d|20\d\d)\b", name)
        if not found:
            raise ValueError(
                gettext("Indique el año del reconocimiento «%(name)s» en competition_year.") % {"name": name}
            )
        year = int(found.group(1))
    return ImportedRecognition(
        competition=name, year=year, level=level, url=url, columns=(name, level, str(year), "", url)
    )


def _platform(*, call, level: str, year: int | None, entry: str, municipality) -> ImportedRecognition:
    Decision = apps.get_model("evaluacion", "Decision")
    if year is not None and year != call.year:
        raise ValueError(
            gettext("La convocatoria «%(call)s» es de %(call_year)s, no de %(year)s.")
            % {"call": call.title, "call_year": call.year, "year": year}
        )
    if not call.results_published_at:
        raise ValueError(
            gettext(
                "La convocatoria «%(call)s» existe en la plataforma pero aún no publica sus resultados: "
                "el reconocimiento no se puede enlazar."
            )
            % {"call": call.title}
        )
    decisions = Decision.objects.filter(
        submission__call=call, outcome__in=RECOGNISED_OUTCOMES
    ).select_related("submission")
    if entry:
        decisions = decisions.filter(submission__code=entry)
    else:
        decisions = decisions.filter(submission__municipality=municipality)
    if level:
        decisions = decisions.filter(outcome=level)
    matches = list(decisions[:2])
    if not matches:
        detail = {
            "call": call.title,
            "municipality": municipality.name,
            "level": level_label(level).lower() if level else gettext("con reconocimiento"),
            "code": entry,
        }
        if entry:
            message = gettext(
                "La convocatoria «%(call)s» existe en la plataforma, pero la postulación %(code)s no tiene un "
                "resultado publicado %(level)s de %(municipality)s."
            )
        else:
            message = gettext(
                "La convocatoria «%(call)s» existe en la plataforma, pero no tiene un resultado publicado "
                "%(level)s para %(municipality)s: revise el nombre, el resultado o la municipalidad."
            )
        raise ValueError(message % detail)
    if len(matches) > 1:
        raise ValueError(
            gettext(
                "La convocatoria «%(call)s» tiene varios resultados de %(municipality)s: indique el código "
                "de la postulación en competition_entry."
            )
            % {"call": call.title, "municipality": municipality.name}
        )
    decision = matches[0]
    return ImportedRecognition(
        decision_id=decision.pk,
        columns=(call.slug, decision.outcome, str(call.year), decision.submission.code, ""),
    )


def export_columns(page) -> tuple:
    """The page's first recognition as the import schema's columns (name, result, year, entry, url)."""
    decision = page.competition_decision if page.competition_decision_id else None
    if decision is not None:
        call = decision.submission.call
        return call.slug, decision.outcome, str(call.year), decision.submission.code, ""
    first = min(page.external_recognitions.all(), key=lambda r: (-r.year, r.sort_order or 0), default=None)
    if first is None:
        return "", "", "", "", ""
    return first.competition, first.level, str(first.year), "", first.url
