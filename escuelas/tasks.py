from django.template.loader import render_to_string

from core.taskutils import portal_task, send_email_once
from escuelas.models import Enrolment


@portal_task(name="escuelas.tasks.send_confirmation", ignore_result=True)
def send_confirmation(enrolment_id: int) -> bool:
    enrolment = Enrolment.objects.select_related("cohort__course", "cohort__comuna").get(pk=enrolment_id)
    context = {"enrolment": enrolment, "cohort": enrolment.cohort}
    return send_email_once(
        key=f"school-enrolment:{enrolment.pk}",
        to=[enrolment.email],
        subject=render_to_string("escuelas/emails/confirmation_subject.txt", context).strip(),
        body=render_to_string("escuelas/emails/confirmation_body.txt", context),
    )
