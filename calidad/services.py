"""Writes of the quality diagnostic. Every function is keyword-only and atomic; views, tasks,
commands and the demo go through here, never through direct ORM writes of domain state."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext as _

from calidad import cache as results_cache
from calidad import scoring, selectors
from calidad.models import (
    Answer,
    AreaResult,
    Choice,
    Diagnostic,
    DiagnosticOrigin,
    DiagnosticStatus,
    Dimension,
    Instrument,
    InstrumentKind,
    ManagementArea,
    Participant,
    Post,
    Question,
    QuestionKind,
    Threshold,
)
from concurso.validators import check_attachment

FROZEN_MESSAGE = _(
    "Esta versión del instrumento ya se usó en un diagnóstico y no se puede modificar: cree una versión nueva."
)
LOCKED_MESSAGE = _("El diagnóstico ya fue enviado y no se puede modificar.")

# ---------------------------------------------------------------------------------------------
# Instruments
# ---------------------------------------------------------------------------------------------

# Other parts of calidad (the self-assessment model of issue 12) register here a function
# ``copy(old_instrument, new_instrument, area_map)`` so their rows follow a new version.
VERSION_COPIERS: list[Callable[[Instrument, Instrument, dict[int, ManagementArea]], None]] = []


def register_version_copier(func):
    if func not in VERSION_COPIERS:
        VERSION_COPIERS.append(func)
    return func


def ensure_editable(instrument: Instrument) -> None:
    """ValidationError if the version is frozen (used since); checked by every write and the admin."""
    if (
        instrument.frozen_at is not None
        or Instrument.objects.filter(pk=instrument.pk, frozen_at__isnull=False).exists()
    ):
        raise ValidationError(FROZEN_MESSAGE, code="frozen")


@transaction.atomic
def freeze_instrument(*, instrument: Instrument) -> Instrument:
    if instrument.frozen_at is None:
        instrument.frozen_at = timezone.now()
        Instrument.objects.filter(pk=instrument.pk, frozen_at__isnull=True).update(
            frozen_at=instrument.frozen_at
        )
    return instrument


@transaction.atomic
def activate_instrument(*, instrument: Instrument) -> Instrument:
    """Make this version the one offered for new diagnostics (the others of its family stop being)."""
    Instrument.objects.filter(family=instrument.family).exclude(pk=instrument.pk).update(is_active=False)
    instrument.is_active = True
    instrument.save(update_fields=["is_active"])
    return instrument


@transaction.atomic
def create_instrument(
    *,
    family: str,
    name: str,
    description: str = "",
    version: int | None = None,
    kind: str = InstrumentKind.DIAGNOSTIC,
    previous: Instrument | None = None,
) -> Instrument:
    if version is None:
        version = (Instrument.objects.filter(family=family).aggregate(top=Max("version"))["top"] or 0) + 1
    return Instrument.objects.create(
        family=family, version=version, name=name, description=description, kind=kind, previous=previous
    )


@transaction.atomic
def add_dimension(*, instrument: Instrument, number: int, name: str, description: str = "") -> Dimension:
    ensure_editable(instrument)
    return Dimension.objects.create(instrument=instrument, number=number, name=name, description=description)


@transaction.atomic
def add_area(
    *,
    dimension: Dimension,
    number: int,
    code: str,
    name: str,
    definition: str = "",
    categories: Iterable = (),
    themes: Iterable = (),
) -> ManagementArea:
    ensure_editable(dimension.instrument)
    area = ManagementArea.objects.create(
        instrument=dimension.instrument,
        dimension=dimension,
        number=number,
        code=code,
        name=name,
        definition=definition,
    )
    if categories:
        area.categories.set(categories)
    if themes:
        area.themes.set(themes)
    return area


@transaction.atomic
def add_question(
    *,
    area: ManagementArea,
    number: int,
    kind: str,
    text: str,
    guidance: str = "",
    unit: str = "",
    choices: Iterable[tuple[str, int] | tuple[str, int, bool]] = (),
    thresholds: Iterable[tuple[Decimal | None, Decimal | None, int, str]] = (),
) -> Question:
    """A question with its alternatives (practice: (text, points[, is_absence]) in order) or its
    bands (result: (minimum, maximum, points, label))."""
    ensure_editable(area.instrument)
    question = Question.objects.create(
        instrument=area.instrument,
        area=area,
        number=number,
        kind=kind,
        text=text,
        guidance=guidance,
        unit=unit,
    )
    Choice.objects.bulk_create(
        Choice(
            question=question,
            position=position,
            text=item[0],
            points=item[1],
            is_absence=item[2] if len(item) > 2 else False,
        )
        for position, item in enumerate(choices, start=1)
    )
    Threshold.objects.bulk_create(
        Threshold(question=question, minimum=low, maximum=high, points=points, label=label)
        for low, high, points, label in thresholds
    )
    validate_question(question)
    return question


def validate_question(question: Question) -> None:
    """A practice has ordered alternatives whose points never go down; a result has bands that do
    not overlap."""
    if question.kind == QuestionKind.PRACTICE:
        choices = list(question.choices.all().order_by("position"))
        if len(choices) < 2:
            raise ValidationError(
                _("La pregunta %(n)s necesita al menos dos alternativas.") % {"n": question.number}
            )
        scored = [c.points for c in choices if not c.is_absence]
        if scored != sorted(scored):
            raise ValidationError(
                _("Las alternativas de la pregunta %(n)s son acumulativas: sus puntos no pueden bajar.")
                % {"n": question.number}
            )
        if any(c.is_absence and c.points for c in choices):
            raise ValidationError(
                _("En la pregunta %(n)s, «no se hace / no se tiene / está obsoleto» vale 0 puntos.")
                % {"n": question.number}
            )
    else:
        bands = list(question.thresholds.all())
        if not bands:
            raise ValidationError(
                _("La pregunta de resultado %(n)s necesita tramos.") % {"n": question.number}
            )
        low = Decimal("-1e20")
        for band in sorted(bands, key=lambda b: b.minimum if b.minimum is not None else low):
            if band.minimum is not None and band.maximum is not None and band.minimum >= band.maximum:
                raise ValidationError(
                    _("Un tramo de la pregunta %(n)s termina antes de empezar.") % {"n": question.number}
                )
        ordered = sorted(bands, key=lambda b: b.minimum if b.minimum is not None else low)
        for first, second in zip(ordered, ordered[1:], strict=False):
            end = first.maximum if first.maximum is not None else Decimal("1e20")
            start = second.minimum if second.minimum is not None else low
            if start < end:
                raise ValidationError(
                    _("Los tramos de la pregunta %(n)s se superponen.") % {"n": question.number}
                )


@transaction.atomic
def new_version(*, instrument: Instrument, name: str | None = None) -> Instrument:
    """Copy a version (frozen or not) into the next version of its family, editable."""
    source = Instrument.objects.get(pk=instrument.pk)
    copy = create_instrument(
        family=source.family,
        name=name or source.name,
        description=source.description,
        kind=source.kind,
        previous=source,
    )
    dimension_map = {}
    for dimension in source.dimensions.all():
        dimension_map[dimension.pk] = Dimension.objects.create(
            instrument=copy, number=dimension.number, name=dimension.name, description=dimension.description
        )
    area_map: dict[int, ManagementArea] = {}
    for area in source.areas.prefetch_related("categories", "themes"):
        new = ManagementArea.objects.create(
            instrument=copy,
            dimension=dimension_map[area.dimension_id],
            number=area.number,
            code=area.code,
            name=area.name,
            definition=area.definition,
        )
        new.categories.set(area.categories.all())
        new.themes.set(area.themes.all())
        area_map[area.pk] = new
    for question in source.questions.prefetch_related("choices", "thresholds"):
        new_question = Question.objects.create(
            instrument=copy,
            area=area_map[question.area_id],
            number=question.number,
            kind=question.kind,
            text=question.text,
            guidance=question.guidance,
            unit=question.unit,
        )
        Choice.objects.bulk_create(
            Choice(
                question=new_question,
                position=c.position,
                text=c.text,
                points=c.points,
                is_absence=c.is_absence,
            )
            for c in question.choices.all()
        )
        Threshold.objects.bulk_create(
            Threshold(
                question=new_question, minimum=t.minimum, maximum=t.maximum, points=t.points, label=t.label
            )
            for t in question.thresholds.all()
        )
    for copier in VERSION_COPIERS:
        copier(source, copy, area_map)
    return copy


def active_instrument(kind: str = InstrumentKind.DIAGNOSTIC) -> Instrument | None:
    return Instrument.objects.filter(kind=kind, is_active=True).order_by("-version").first()


# ---------------------------------------------------------------------------------------------
# Diagnostics
# ---------------------------------------------------------------------------------------------


def _ensure_draft(diagnostic: Diagnostic) -> None:
    current = Diagnostic.objects.filter(pk=diagnostic.pk).values_list("status", flat=True).first()
    if diagnostic.status != DiagnosticStatus.DRAFT or current != DiagnosticStatus.DRAFT:
        raise ValidationError(LOCKED_MESSAGE, code="locked")


@transaction.atomic
def start_diagnostic(
    *,
    municipality,
    user,
    held_on,
    instrument: Instrument | None = None,
    duration_minutes: int | None = None,
    meeting_description: str = "",
    observations: str = "",
) -> Diagnostic:
    """Open a draft diagnostic for a municipality. Its instrument version is frozen from now on."""
    instrument = instrument or active_instrument()
    if instrument is None:
        raise ValidationError(
            _("No hay un instrumento de diagnóstico vigente: pida a coordinación que lo publique.")
        )
    if instrument.kind != InstrumentKind.DIAGNOSTIC:
        raise ValidationError(_("Ese instrumento no es de diagnóstico."))
    if Diagnostic.objects.filter(
        municipality=municipality, status=DiagnosticStatus.DRAFT, origin=DiagnosticOrigin.PLATFORM
    ).exists():
        raise ValidationError(
            _(
                "La municipalidad ya tiene un diagnóstico en borrador: termínelo o envíelo antes de abrir otro."
            )
        )
    freeze_instrument(instrument=instrument)
    return Diagnostic.objects.create(
        municipality=municipality,
        instrument=instrument,
        held_on=held_on,
        duration_minutes=duration_minutes,
        meeting_description=meeting_description,
        observations=observations,
        created_by=user,
    )


@transaction.atomic
def update_session(
    *, diagnostic: Diagnostic, held_on, duration_minutes, meeting_description: str, observations: str
) -> Diagnostic:
    _ensure_draft(diagnostic)
    diagnostic.held_on = held_on
    diagnostic.duration_minutes = duration_minutes
    diagnostic.meeting_description = meeting_description
    diagnostic.observations = observations
    diagnostic.save(
        update_fields=["held_on", "duration_minutes", "meeting_description", "observations", "updated_at"]
    )
    return diagnostic


@dataclass
class ParticipantData:
    name: str
    post: str
    post_detail: str = ""
    signed_acta: bool = False


@transaction.atomic
def set_participants(*, diagnostic: Diagnostic, participants: Iterable[ParticipantData]) -> list[Participant]:
    """Replace the list of participants (in the given order)."""
    _ensure_draft(diagnostic)
    diagnostic.participants.all().delete()
    rows = [
        Participant(
            diagnostic=diagnostic,
            name=p.name.strip(),
            post=p.post,
            post_detail=p.post_detail.strip(),
            signed_acta=p.signed_acta,
            order=index,
        )
        for index, p in enumerate(participants)
        if p.name.strip()
    ]
    for row in rows:
        if row.post not in Post.values:
            raise ValidationError(_("Cargo desconocido: %(post)s") % {"post": row.post})
    return Participant.objects.bulk_create(rows)


@dataclass
class AnswerData:
    choice_id: int | None = None
    value: Decimal | None = None
    unavailable: bool = False
    evidence: str = ""


def parse_figure(text: str) -> Decimal | None:
    """A figure as typed in Chile: «1.234,5», «1234,5», «12 %» or «1234.5»."""
    cleaned = (text or "").strip().replace("%", "").replace(" ", "")
    if not cleaned:
        return None
    if "," in cleaned:
        cleaned = cleaned.replace(".", "").replace(",", ".")
    elif cleaned.count(".") > 1:
        cleaned = cleaned.replace(".", "")
    try:
        value = Decimal(cleaned)
    except InvalidOperation:
        raise ValidationError(
            _("«%(text)s» no es una cifra: escriba solo números, por ejemplo 85 o 12,5.") % {"text": text}
        )
    if not value.is_finite():
        raise ValidationError(_("«%(text)s» no es una cifra válida.") % {"text": text})
    return value


@transaction.atomic
def save_answers(*, diagnostic: Diagnostic, answers: dict[int, AnswerData]) -> int:
    """Record the team's consensus answers (by question id) in a draft. Unanswered questions may be
    left out; an empty answer clears a previous one. Returns how many answers were stored."""
    _ensure_draft(diagnostic)
    questions = {
        q.pk: q
        for q in Question.objects.filter(
            instrument_id=diagnostic.instrument_id, pk__in=list(answers)
        ).prefetch_related("choices", "thresholds")
    }
    existing = {a.question_id: a for a in diagnostic.answers.filter(question_id__in=list(questions))}
    to_create, to_update, stored = [], [], 0
    for question_id, data in answers.items():
        question = questions.get(question_id)
        if question is None:
            raise ValidationError(_("La pregunta no pertenece a este instrumento."))
        choice = None
        if question.kind == QuestionKind.PRACTICE and data.choice_id is not None:
            choice = next((c for c in question.choices.all() if c.pk == data.choice_id), None)
            if choice is None:
                raise ValidationError(
                    _("La alternativa elegida no pertenece a la pregunta %(n)s.") % {"n": question.number}
                )
        value = data.value if question.kind == QuestionKind.RESULT and not data.unavailable else None
        unavailable = question.kind == QuestionKind.RESULT and data.unavailable
        if value is not None and value < 0:
            raise ValidationError(
                _("La cifra de la pregunta %(n)s no puede ser negativa.") % {"n": question.number}
            )
        points = scoring.points_for(question, choice=choice, value=value, unavailable=unavailable)
        answer = existing.get(question_id)
        if answer is None:
            answer = Answer(diagnostic=diagnostic, question=question)
            to_create.append(answer)
        else:
            to_update.append(answer)
        answer.choice, answer.value, answer.value_unavailable = choice, value, unavailable
        answer.evidence, answer.points = (data.evidence or "").strip(), points
        answer.updated_at = timezone.now()
        stored += int(answer.is_answered)
    Answer.objects.bulk_create(to_create)
    Answer.objects.bulk_update(
        to_update, ["choice", "value", "value_unavailable", "evidence", "points", "updated_at"]
    )
    Diagnostic.objects.filter(pk=diagnostic.pk).update(updated_at=timezone.now())
    return stored


@transaction.atomic
def attach_acta(*, diagnostic: Diagnostic, uploaded_file) -> Diagnostic:
    """Store the signed acta after checking that its content is a real, readable PDF."""

    _ensure_draft(diagnostic)
    checked = check_attachment(uploaded_file)
    if checked.content_type != "application/pdf":
        raise ValidationError(
            _("El acta debe ser un PDF (el archivo es %(kind)s).") % {"kind": checked.extension.upper()}
        )
    if diagnostic.acta:
        diagnostic.acta.delete(save=False)
    diagnostic.acta.save("acta.pdf", uploaded_file, save=False)
    diagnostic.acta_name = (uploaded_file.name or "acta.pdf")[:255]
    diagnostic.acta_size = checked.size
    diagnostic.save(update_fields=["acta", "acta_name", "acta_size", "updated_at"])
    return diagnostic


def submission_problems(diagnostic: Diagnostic) -> list[str]:
    """What stops a draft from being submitted (blocking), in Spanish."""
    problems = []
    total = diagnostic.instrument.questions.count()
    answered = [a for a in diagnostic.answers.all() if a.is_answered]
    if len(answered) < total:
        problems.append(
            _("Faltan %(n)s de %(total)s preguntas por responder.")
            % {"n": total - len(answered), "total": total}
        )
    if not diagnostic.duration_minutes:
        problems.append(_("Indique la duración de la sesión."))
    if not diagnostic.participants.exists():
        problems.append(_("Registre a las personas que participaron en la sesión."))
    if not diagnostic.acta:
        problems.append(_("Suba el acta firmada en PDF."))
    signers = set(diagnostic.participants.filter(signed_acta=True).values_list("post", flat=True))
    if Post.MAYOR not in signers or Post.SECRETARY not in signers:
        problems.append(
            _("El acta debe estar firmada al menos por el alcalde o alcaldesa y por la secretaría municipal.")
        )
    return problems


@transaction.atomic
def submit_diagnostic(*, diagnostic: Diagnostic, user) -> Diagnostic:
    """Lock the diagnostic and store its results per ámbito (a snapshot that never moves)."""
    diagnostic = Diagnostic.objects.select_for_update().get(pk=diagnostic.pk)
    _ensure_draft(diagnostic)
    problems = submission_problems(diagnostic)
    if problems:
        raise ValidationError(problems)
    _store_results(diagnostic, selectors.compute_area_rows(diagnostic))
    diagnostic.status = DiagnosticStatus.SUBMITTED
    diagnostic.submitted_at = timezone.now()
    diagnostic.submitted_by = user
    diagnostic.save(
        update_fields=[
            "status",
            "submitted_at",
            "submitted_by",
            "total_maximum",
            "total_obtained",
            "total_percent",
            "updated_at",
        ]
    )
    _results_changed()
    return diagnostic


def _results_changed() -> None:
    # Now (a concurrent reader recomputes at worst) and after the commit (nobody caches old data).
    results_cache.bump()
    transaction.on_commit(results_cache.bump)


def _store_results(diagnostic: Diagnostic, rows: list[scoring.AreaRow]) -> None:
    diagnostic.area_results.all().delete()
    AreaResult.objects.bulk_create(
        AreaResult(
            diagnostic=diagnostic,
            area_id=row.area_id,
            maximum=row.maximum,
            obtained=row.obtained,
            percent=row.percent,
        )
        for row in rows
    )
    table = scoring.build_table(rows)
    diagnostic.total_maximum, diagnostic.total_obtained, diagnostic.total_percent = (
        table.maximum,
        table.obtained,
        table.percent,
    )


@transaction.atomic
def set_published(*, diagnostic: Diagnostic, published: bool) -> Diagnostic:
    if published and not diagnostic.is_submitted:
        raise ValidationError(_("Solo se publican diagnósticos enviados."))
    diagnostic.is_published = published
    diagnostic.save(update_fields=["is_published", "updated_at"])
    _results_changed()
    return diagnostic


@transaction.atomic
def delete_draft(*, diagnostic: Diagnostic) -> None:
    _ensure_draft(diagnostic)
    if diagnostic.acta:
        diagnostic.acta.delete(save=False)
    diagnostic.delete()


@transaction.atomic
def record_imported_results(
    *, source, municipality, rows: list[tuple[ManagementArea, int, Decimal]], held_on
) -> Diagnostic:
    """One municipality's published results from an external source, stored as an imported diagnostic."""
    freeze_instrument(instrument=source.instrument)
    Diagnostic.objects.filter(source=source, municipality=municipality).delete()
    diagnostic = Diagnostic.objects.create(
        municipality=municipality,
        instrument=source.instrument,
        origin=DiagnosticOrigin.IMPORTED,
        source=source,
        status=DiagnosticStatus.SUBMITTED,
        held_on=held_on,
        submitted_at=timezone.now(),
        is_published=True,
    )
    _store_results(
        diagnostic,
        [scoring.area_row(area, maximum=maximum, obtained=obtained) for area, maximum, obtained in rows],
    )
    diagnostic.save(update_fields=["total_maximum", "total_obtained", "total_percent"])
    _results_changed()
    return diagnostic
