"""Demo of replications between municipalities, built through transferencia's services.

- Valdivia (postulante.valdivia@demo.cl) asked to replicate a La Serena practice; La Serena
  (postulante.laserena@demo.cl) accepted, the pair recorded contact, internship, adaptation and
  implementation, and both authorised publishing it: the case page says "Replicada en 1 municipio".
- Antofagasta asked to replicate the same practice and waits for La Serena's answer (an open
  request for the staff list and for La Serena's "Mis transferencias").
"""

from __future__ import annotations

import datetime

from django.utils import timezone

from core.models import Role
from demo.users import ensure_user, register
from portal.models import GoodPracticePage
from transferencia import practices, services
from transferencia.models import Replication, StageKind

LA_SERENA, VALDIVIA, ANTOFAGASTA = "04101", "14101", "02101"


def _practice():
    return (
        GoodPracticePage.objects.live()
        .public()
        .filter(municipality__comuna__code=LA_SERENA)
        .order_by("pk")
        .first()
    )


def load(*, stdout=None):
    practice = _practice()
    if practice is None:
        if stdout:
            stdout.write("  transferencia: sin prácticas de La Serena, nada que replicar")
        return
    valdivia = ensure_user(
        "postulante.valdivia@demo.cl",
        first_name="Valeria",
        last_name="Postulante",
        roles=[Role.APPLICANT],
        comuna_code=VALDIVIA,
    )
    serena = ensure_user(
        "postulante.laserena@demo.cl",
        first_name="Luis",
        last_name="Postulante",
        roles=[Role.APPLICANT],
        comuna_code=LA_SERENA,
    )
    antofagasta = ensure_user(
        "postulante.antofagasta@demo.cl",
        first_name="Andrés",
        last_name="Postulante",
        roles=[Role.APPLICANT],
        comuna_code=ANTOFAGASTA,
    )
    register("postulante.antofagasta@demo.cl", "postulante de Antofagasta (pidió replicar una práctica)")

    completed_practice = requested_practice = practice
    if not Replication.objects.filter(
        practice_page_id=completed_practice.pk, requester_municipality=valdivia.municipality
    ).exists():
        replication = services.request_replication(
            practice=practices.resolve(completed_practice.pk),
            user=valdivia,
            motivation="En Valdivia enfrentamos el mismo problema y queremos aprender de la experiencia de La Serena.",
        )
        services.accept_replication(
            replication=replication,
            user=serena,
            contact_name="Luis Postulante",
            contact_email="postulante.laserena@demo.cl",
            contact_phone="+56 51 220 0000",
        )
        today = timezone.localdate()
        steps = [
            (StageKind.CONTACT, 200, "Videollamada de presentación con el equipo de La Serena."),
            (StageKind.VISIT, 160, "Pasantía de dos días de dos funcionarias de Valdivia en La Serena."),
            (StageKind.ADAPTATION, 120, "Ajuste de la ordenanza y de los formularios a la realidad local."),
            (StageKind.IMPLEMENTED, 30, "Puesta en marcha en tres barrios de Valdivia."),
        ]
        for kind, days_ago, notes in steps:
            services.record_stage(
                replication=replication,
                user=valdivia,
                kind=kind,
                date=today - datetime.timedelta(days=days_ago),
                notes=notes,
            )
        services.set_consent(replication=replication, user=valdivia, consent=True)
        services.set_consent(replication=replication, user=serena, consent=True)
    if not Replication.objects.filter(
        practice_page_id=requested_practice.pk, requester_municipality=antofagasta.municipality
    ).exists():
        services.request_replication(
            practice=practices.resolve(requested_practice.pk),
            user=antofagasta,
            motivation="Queremos conocer cómo organizaron el trabajo con los vecinos antes de proponerlo al concejo.",
        )
    if stdout:
        stdout.write(f"  transferencia: {Replication.objects.count()} replicaciones")
