"""Deadlines to the second, in America/Santiago, across Chile's daylight-saving changes (frozen clock).

In 2026 Chile leaves summer time on Sunday 5 April (00:00 -03 becomes 23:00 -04 on the 4th) and
enters it on Sunday 6 September (00:00 -04 becomes 01:00 -03).

One scenario across modules on purpose: models (phases), services, selectors, forms and views.
"""

from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from freezegun import freeze_time

from concurso import selectors, services
from concurso.forms import DeadlineExtensionForm
from concurso.models import SubmissionStatus
from tests.factories.concurso import CallFactory, DeadlineExtensionFactory, SubmissionFactory

pytestmark = pytest.mark.django_db

SANTIAGO = ZoneInfo("America/Santiago")


def santiago(*args):
    return datetime(*args, tzinfo=SANTIAGO)


def _call_closing_at(close):
    day = timedelta(days=1)
    return CallFactory(
        submissions_open_at=close - 30 * day,
        submissions_close_at=close,
        admissibility_close_at=close + 5 * day,
        evaluation_open_at=close + 6 * day,
        evaluation_close_at=close + 20 * day,
        committee_close_at=close + 30 * day,
        results_at=close + 40 * day,
    )


def _complete_draft(call, applicant):
    return SubmissionFactory(
        call=call, municipality=applicant.municipality, created_by=applicant, complete=True
    )


def test_autumn_change_close_after_switch_to_winter_time(applicant):
    # Noon on 5 April 2026 is already -04: 16:00 UTC (it would be 15:00 UTC with the summer offset).
    close = santiago(2026, 4, 5, 12, 0, 0)
    assert close.utcoffset() == timedelta(hours=-4)
    with freeze_time("2026-03-20 12:00:00"):
        call = _call_closing_at(close)
        entry = _complete_draft(call, applicant)
    with freeze_time("2026-04-05 15:30:00"):  # 11:30 in Santiago: still open
        assert (
            services.submit_submission(submission=entry, user=applicant).status == SubmissionStatus.SUBMITTED
        )


def test_autumn_change_last_second(applicant):
    close = santiago(2026, 4, 5, 12, 0, 0)
    with freeze_time("2026-03-20 12:00:00"):
        call = _call_closing_at(close)
        on_time = _complete_draft(call, applicant)
        late = _complete_draft(call, applicant)
    with freeze_time("2026-04-05 15:59:59"):
        services.submit_submission(submission=on_time, user=applicant)
    with freeze_time("2026-04-05 16:00:00"), pytest.raises(ValidationError) as excinfo:
        services.submit_submission(submission=late, user=applicant)
    assert "5 de abril de 2026, 12:00:00" in excinfo.value.messages[0]
    assert "hora de Chile continental" in excinfo.value.messages[0]


def test_close_inside_the_repeated_hour(applicant):
    # 23:30 on 4 April happens twice; Python's fold=0 is the first one (-03), i.e. 02:30 UTC on the 5th.
    close = santiago(2026, 4, 4, 23, 30, 0)
    with freeze_time("2026-03-20 12:00:00"):
        call = _call_closing_at(close)
        entry = _complete_draft(call, applicant)
    with freeze_time("2026-04-05 02:30:00"), pytest.raises(ValidationError):
        services.submit_submission(submission=entry, user=applicant)


def test_spring_change_close_after_switch_to_summer_time(applicant):
    # Noon on 6 September 2026 is -03: 15:00 UTC (it would be 16:00 UTC with the winter offset).
    close = santiago(2026, 9, 6, 12, 0, 0)
    assert close.utcoffset() == timedelta(hours=-3)
    with freeze_time("2026-08-20 12:00:00"):
        call = _call_closing_at(close)
        on_time = _complete_draft(call, applicant)
        late = _complete_draft(call, applicant)
    with freeze_time("2026-09-06 14:59:59"):
        services.submit_submission(submission=on_time, user=applicant)
    with freeze_time("2026-09-06 15:30:00"), pytest.raises(ValidationError):
        services.submit_submission(submission=late, user=applicant)


def test_submit_page_after_deadline_is_refused(client, applicant):
    close = santiago(2026, 9, 6, 12, 0, 0)
    with freeze_time("2026-08-20 12:00:00"):
        call = _call_closing_at(close)
        entry = _complete_draft(call, applicant)
    client.force_login(applicant)
    with freeze_time("2026-09-06 15:00:00"):
        response = client.post(reverse("concurso:submission_submit", args=[entry.code]))
    assert response.status_code == 400
    assert "El plazo de postulación cerró el 6 de septiembre de 2026, 12:00:00" in response.content.decode()
    entry.refresh_from_db()
    assert entry.status == SubmissionStatus.DRAFT


def test_extension_for_one_municipality(applicant, other_applicant):
    close = santiago(2026, 4, 5, 12, 0, 0)
    with freeze_time("2026-03-20 12:00:00"):
        call = _call_closing_at(close)
        mine = _complete_draft(call, applicant)
        theirs = SubmissionFactory(
            call=call, municipality=other_applicant.municipality, created_by=other_applicant, complete=True
        )
        DeadlineExtensionFactory(
            call=call, municipality=applicant.municipality, new_close_at=santiago(2026, 4, 7, 18, 0)
        )
    assert selectors.effective_close_at(call=call, municipality_id=applicant.municipality_id) == santiago(
        2026, 4, 7, 18, 0
    )
    assert selectors.effective_close_at(call=call, municipality_id=other_applicant.municipality_id) == close
    with freeze_time("2026-04-07 21:59:59"):  # 17:59:59 in Santiago
        services.submit_submission(submission=mine, user=applicant)
        with pytest.raises(ValidationError):
            services.submit_submission(submission=theirs, user=other_applicant)


def test_global_extension_through_the_service(staff, applicant):
    close = santiago(2026, 4, 5, 12, 0, 0)
    with freeze_time("2026-03-20 12:00:00"):
        call = _call_closing_at(close)
        entry = _complete_draft(call, applicant)
        with pytest.raises(ValidationError) as excinfo:
            services.extend_deadline(
                call=call, user=staff, new_close_at=close + timedelta(days=30), reason="x"
            )
        assert "new_close_at" in excinfo.value.message_dict
        services.extend_deadline(
            call=call, user=staff, new_close_at=close + timedelta(days=1), reason="Corte de luz"
        )
    with freeze_time("2026-04-06 15:59:59"):
        services.submit_submission(submission=entry, user=applicant)
    assert call.events.filter(action="prorroga", reason="Corte de luz").count() == 1


def test_extension_form_reads_chile_time_across_dst():
    form = DeadlineExtensionForm(data={"new_close_at": "2026-09-06T12:00:00", "reason": "Motivo"})
    assert form.is_valid(), form.errors
    assert form.cleaned_data["new_close_at"] == datetime.fromisoformat("2026-09-06T15:00:00+00:00")
    form = DeadlineExtensionForm(data={"new_close_at": "2026-04-05T12:00:00", "reason": "Motivo"})
    assert form.is_valid(), form.errors
    assert form.cleaned_data["new_close_at"] == datetime.fromisoformat("2026-04-05T16:00:00+00:00")
    assert "hora de Chile continental" in str(form.fields["new_close_at"].label)


def test_phase_is_derived_from_dates():
    close = santiago(2026, 4, 5, 12, 0, 0)
    with freeze_time("2026-03-20 12:00:00"):
        call = _call_closing_at(close)
    assert call.phase_at(close - timedelta(seconds=1)) == "postulacion"
    assert call.phase_at(close) == "admisibilidad"
    assert call.phase_at(call.evaluation_open_at) == "evaluacion"
    assert call.phase_at(call.evaluation_close_at) == "comite"
    assert call.phase_at(call.results_at) == "resultados"
    assert call.phase_at(call.submissions_open_at - timedelta(seconds=1)) == "proxima"


def test_extension_earlier_than_a_running_one_is_refused(staff, applicant):
    """The latest deadline wins: an earlier one would be recorded and never applied, so it is refused."""
    close = santiago(2026, 4, 5, 12, 0, 0)
    with freeze_time("2026-03-20 12:00:00"):
        call = _call_closing_at(close)
        services.extend_deadline(call=call, user=staff, new_close_at=close + timedelta(days=3), reason="Paro")
        with pytest.raises(ValidationError) as excinfo:
            services.extend_deadline(
                call=call, user=staff, new_close_at=close + timedelta(days=2), reason="Otra"
            )
        assert (
            "Ya hay una prórroga vigente hasta el 8 de abril de 2026, 12:00:00"
            in excinfo.value.message_dict["new_close_at"][0]
        )
        # One municipality may still get more time than everyone else, but not less.
        with pytest.raises(ValidationError):
            services.extend_deadline(
                call=call,
                user=staff,
                new_close_at=close + timedelta(days=1),
                reason="x",
                municipality=applicant.municipality,
            )
        services.extend_deadline(
            call=call,
            user=staff,
            new_close_at=close + timedelta(days=4),
            reason="Inundación",
            municipality=applicant.municipality,
        )
    assert call.extensions.count() == 2


def test_extension_reason_is_required_and_bounded():
    form = DeadlineExtensionForm(data={"new_close_at": "2026-09-06T12:00:00", "reason": "x" * 2001})
    assert not form.is_valid()
    assert "2000" in str(form.errors["reason"])
    form = DeadlineExtensionForm(data={"new_close_at": "2026-09-06T12:00:00", "reason": ""})
    assert not form.is_valid()
    assert "reason" in form.errors


def test_extended_call_stays_listed_as_open(client, staff, applicant, other_applicant):
    close = santiago(2026, 4, 5, 12, 0, 0)
    with freeze_time("2026-03-20 12:00:00"):
        call = _call_closing_at(close)
        services.extend_deadline(
            call=call,
            user=staff,
            new_close_at=santiago(2026, 4, 7, 18, 0),
            reason="Sismo",
            municipality=applicant.municipality,
        )
    with freeze_time("2026-04-06 12:00:00"):
        assert list(selectors.open_calls(municipality_id=applicant.municipality_id)) == [call]
        assert list(selectors.open_calls(municipality_id=other_applicant.municipality_id)) == []
        assert selectors.public_calls()["past"] == [call]
        client.force_login(applicant)
        body = client.get(reverse("concurso:dashboard")).content.decode()
        assert "cierra el 7 de abril de 2026, 18:00:00" in body
        client.force_login(other_applicant)
        assert "cierra el" not in client.get(reverse("concurso:dashboard")).content.decode()
    with freeze_time("2026-03-20 12:00:00"):
        services.extend_deadline(
            call=call, user=staff, new_close_at=santiago(2026, 4, 8, 18, 0), reason="Para todas"
        )
    with freeze_time("2026-04-06 12:00:00"):
        assert selectors.public_calls()["open"] == [call]
        body = client.get(reverse("concurso:call_list")).content.decode()
        assert "8 de abril de 2026, 18:00" in body


def test_audit_shows_extension_in_chile_time(client, staff):
    close = santiago(2026, 4, 5, 12, 0, 0)
    with freeze_time("2026-03-20 12:00:00"):
        call = _call_closing_at(close)
        services.extend_deadline(
            call=call, user=staff, new_close_at=santiago(2026, 4, 7, 18, 0, 30), reason="Sismo"
        )
    client.force_login(staff)
    body = client.get(reverse("concurso:staff_audit")).content.decode()
    assert "nuevo cierre 07-04-2026 18:00:30" in body  # audit table: short form, to the second
    assert "+00:00" not in body
