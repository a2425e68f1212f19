"""The case format is declared once (concurso/case_format.py); each consumer is built from it."""

import pytest
from wagtail.fields import RichTextField

from concurso import case_format, forms, selectors, services
from concurso.models import Submission
from evaluacion.selectors import blind
from portal.models import GoodPracticePage
from portal.services import practices_io, richtext
from tests.factories.concurso import CallFactory


def test_the_declaration_is_consistent():
    names = [field.name for field in case_format.CASE_FORMAT]
    assert len(names) == len(set(names))
    assert [name for _title, group in case_format.sections() for name in group] == names
    assert set(case_format.names(rich_text=True)) <= set(case_format.names(redacted=True))


def test_the_submission_model_takes_labels_and_limits_from_it():
    for field in case_format.CASE_FORMAT:
        model_field = Submission._meta.get_field(field.name)
        assert str(model_field.verbose_name) == str(field.label), field.name
        if field.max_length is not None:
            assert model_field.max_length == field.max_length, field.name
        assert bool(model_field.many_to_many) == field.many, field.name


@pytest.mark.django_db
def test_the_applicant_form_follows_it():
    form = forms.SubmissionForm(call=CallFactory())
    assert [name for name in form.fields if name != "version"] == list(case_format.names())
    assert [(str(title), [bound.name for bound in fields]) for title, fields in form.field_groups()] == [
        (str(title), list(group)) for title, group in case_format.sections()
    ]
    for field in case_format.CASE_FORMAT:
        assert (
            form.fields[field.name].widget.attrs.get("data-required-for-submit") == "true"
        ) == field.required
        if field.help:
            assert str(field.help) in str(form.fields[field.name].help_text)


def test_writes_reads_blind_copies_and_library_use_it():
    assert (*services.DRAFT_FIELDS, *services.DRAFT_M2M_FIELDS) == (
        case_format.names(many=False) + case_format.names(many=True)
    )
    assert case_format.names(required=True) == selectors.REQUIRED_FOR_SUBMISSION
    assert case_format.names() == selectors.CASE_FIELDS
    assert case_format.names(redacted=True) == blind.REDACTED_TEXT_FIELDS
    assert list(case_format.names(rich_text=True)) == richtext.RICH_TEXT_FIELDS
    for name in case_format.names(rich_text=True):
        assert isinstance(GoodPracticePage._meta.get_field(name), RichTextField), name
        assert name in practices_io.COLUMNS
