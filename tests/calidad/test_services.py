import datetime
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile

from calidad import services
from calidad.models import AreaResult, DiagnosticStatus, Post, QuestionKind
from tests.factories.calidad import answer_all, pdf_upload, submitted_diagnostic

pytestmark = pytest.mark.django_db

DAY = datetime.date(2025, 4, 1)


def test_first_use_freezes_the_instrument_and_edits_are_refused(instrument, la_serena, team):
    assert instrument.frozen_at is None
    area = instrument.areas.get(code="alfa")
    services.add_question(
        area=area,
        number=9,
        kind=QuestionKind.PRACTICE,
        text="¿Otra?",
        choices=[("No", 0, True), ("Sí", 1, False)],
    )
    services.start_diagnostic(municipality=la_serena, user=team, held_on=DAY, instrument=instrument)
    instrument.refresh_from_db()
    assert instrument.is_frozen
    with pytest.raises(ValidationError):
        services.add_question(
            area=area,
            number=10,
            kind=QuestionKind.PRACTICE,
            text="¿Más?",
            choices=[("No", 0, True), ("Sí", 1, False)],
        )


def test_new_version_copies_the_tree_and_is_editable(instrument, la_serena, team):
    services.start_diagnostic(municipality=la_serena, user=team, held_on=DAY, instrument=instrument)
    copy = services.new_version(instrument=instrument)
    assert copy.version == instrument.version + 1 and copy.previous == instrument and not copy.is_frozen
    assert copy.questions.count() == 4 and copy.areas.count() == 2
    assert sorted(copy.questions.get(number=4).thresholds.values_list("points", flat=True)) == [0, 1, 2, 3]
    services.add_question(
        area=copy.areas.get(code="beta"),
        number=5,
        kind=QuestionKind.PRACTICE,
        text="¿Nueva?",
        choices=[("No", 0, True), ("Sí", 3, False)],
    )
    assert instrument.questions.count() == 4  # the old version never moves


def test_practice_choices_must_not_go_down(instrument):
    copy = services.new_version(instrument=instrument)
    with pytest.raises(ValidationError, match="acumulativas"):
        services.add_question(
            area=copy.areas.first(),
            number=7,
            kind=QuestionKind.PRACTICE,
            text="¿X?",
            choices=[("No", 0, True), ("B", 2, False), ("C", 1, False)],
        )


def test_overlapping_bands_are_refused(instrument):
    copy = services.new_version(instrument=instrument)
    with pytest.raises(ValidationError, match="superponen"):
        services.add_question(
            area=copy.areas.first(),
            number=7,
            kind=QuestionKind.RESULT,
            text="¿X?",
            thresholds=[(None, Decimal(50), 0, ""), (Decimal(40), None, 3, "")],
        )


def test_answers_score_choices_and_figures(instrument, la_serena, team):
    diagnostic = services.start_diagnostic(
        municipality=la_serena, user=team, held_on=DAY, instrument=instrument
    )
    q3, q4 = instrument.questions.get(number=3), instrument.questions.get(number=4)
    top = q3.choices.get(points=3)
    services.save_answers(
        diagnostic=diagnostic,
        answers={
            q3.pk: services.AnswerData(choice_id=top.pk, evidence="Informe anual"),
            q4.pk: services.AnswerData(value=Decimal("72.5")),
        },
    )
    points = dict(diagnostic.answers.values_list("question__number", "points"))
    assert points == {3: 3, 4: 2}
    services.save_answers(diagnostic=diagnostic, answers={q4.pk: services.AnswerData(unavailable=True)})
    assert diagnostic.answers.get(question=q4).points == 0


def test_choice_of_another_question_is_refused(instrument, la_serena, team):
    diagnostic = services.start_diagnostic(
        municipality=la_serena, user=team, held_on=DAY, instrument=instrument
    )
    q1, q2 = instrument.questions.get(number=1), instrument.questions.get(number=2)
    with pytest.raises(ValidationError):
        services.save_answers(
            diagnostic=diagnostic, answers={q1.pk: services.AnswerData(choice_id=q2.choices.first().pk)}
        )


@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("1.234,5", Decimal("1234.5")),
        ("85", Decimal(85)),
        ("12,5 %", Decimal("12.5")),
        ("99.5", Decimal("99.5")),
        ("1.000.000", Decimal(1000000)),
    ],
)
def test_figures_typed_in_chilean_format(text, value):
    assert services.parse_figure(text) == value


def test_bad_figure_has_a_spanish_error():
    with pytest.raises(ValidationError, match="no es una cifra"):
        services.parse_figure("ochenta")


def test_acta_must_really_be_a_pdf(instrument, la_serena, team):
    diagnostic = services.start_diagnostic(
        municipality=la_serena, user=team, held_on=DAY, instrument=instrument
    )
    with pytest.raises(ValidationError):
        services.attach_acta(
            diagnostic=diagnostic,
            uploaded_file=SimpleUploadedFile("acta.pdf", b"no soy un pdf", "application/pdf"),
        )
    services.attach_acta(diagnostic=diagnostic, uploaded_file=pdf_upload())
    diagnostic.refresh_from_db()
    assert diagnostic.acta and diagnostic.acta_size > 0


def test_submission_lists_what_is_missing(instrument, la_serena, team):
    diagnostic = services.start_diagnostic(
        municipality=la_serena, user=team, held_on=DAY, instrument=instrument
    )
    with pytest.raises(ValidationError) as error:
        services.submit_diagnostic(diagnostic=diagnostic, user=team)
    text = " ".join(error.value.messages)
    assert "Faltan 4 de 4 preguntas" in text and "acta" in text and "participaron" in text


def test_submit_stores_the_results_and_locks(instrument, la_serena, team):
    diagnostic = submitted_diagnostic(la_serena, instrument, user=team, points={1: 3, 2: 1, 3: 0, 4: 3})
    assert diagnostic.status == DiagnosticStatus.SUBMITTED
    rows = {
        r.area.code: (r.maximum, r.obtained, r.percent)
        for r in AreaResult.objects.filter(diagnostic=diagnostic)
    }
    assert rows == {"alfa": (6, Decimal(4), 67), "beta": (6, Decimal(3), 50)}
    assert (diagnostic.total_maximum, diagnostic.total_obtained, diagnostic.total_percent) == (
        12,
        Decimal(7),
        58,
    )
    with pytest.raises(ValidationError, match="enviado"):
        answer_all(diagnostic)
    with pytest.raises(ValidationError):
        services.set_participants(diagnostic=diagnostic, participants=[])
    with pytest.raises(ValidationError):
        services.attach_acta(diagnostic=diagnostic, uploaded_file=pdf_upload())


def test_only_one_draft_at_a_time(instrument, la_serena, team):
    services.start_diagnostic(municipality=la_serena, user=team, held_on=DAY, instrument=instrument)
    with pytest.raises(ValidationError, match="borrador"):
        services.start_diagnostic(municipality=la_serena, user=team, held_on=DAY, instrument=instrument)


def test_publish_only_submitted(instrument, la_serena, team):
    draft = services.start_diagnostic(municipality=la_serena, user=team, held_on=DAY, instrument=instrument)
    with pytest.raises(ValidationError):
        services.set_published(diagnostic=draft, published=True)


def test_missing_posts_are_warned(instrument, la_serena, team):
    from calidad import selectors

    diagnostic = services.start_diagnostic(
        municipality=la_serena, user=team, held_on=DAY, instrument=instrument
    )
    services.set_participants(
        diagnostic=diagnostic,
        participants=[
            services.ParticipantData(name="Alcaldesa", post=Post.MAYOR, signed_acta=True),
        ],
    )
    warnings = " ".join(selectors.missing_post_warnings(diagnostic))
    assert (
        "Dirección de Finanzas" in warnings
        and "Secretaría Municipal" in warnings
        and "Alcalde" not in warnings
    )
