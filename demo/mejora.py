"""Demo of the improvement road (issue 12), built through calidad.improvement services.

- The self-assessment model (5 criterios, 12 subcriterios, 78 elementos) and a catalogue of
  improvement methodologies, two per subcriterio.
- La Serena, cycle 1 (2016–2017): committee, validated self-assessment with feedback report, plan
  validated by the same validator; its lines include the two improvement projects that the UIM
  supervised — both completed and cited by the portal's demo distinction page.
- Coquimbo: plan sent and awaiting validation. Ovalle: plan in execution with overdue lines.
- Users: validador@demo.cl (external validator, no municipality), validador2@demo.cl, and the
  committee members mejora.coquimbo@demo.cl, mejora.ovalle@demo.cl; La Serena's committee is the
  quality-team user calidad.laserena@demo.cl.
"""

from __future__ import annotations

import datetime
import io

from django.core.files.uploadedfile import SimpleUploadedFile
from reportlab.lib.pagesizes import A4
from reportlab.pdfgen import canvas

from calidad import improvement
from calidad.models import ElementResponse, ImprovementCommittee, ManagementArea, Methodology
from core.models import Municipality, Role
from demo.portal import DISTINCTION_SLUG
from demo.users import ensure_user, register
from portal.models import DistinctionPage

LA_SERENA, COQUIMBO, OVALLE = "04101", "04102", "04301"
VALIDATOR = "validador@demo.cl"
PROJECTS = [
    "Medición de Indicadores de Calidad para el Cumplimiento de Estándares de Calidad",
    "Diagnóstico Comunal de Género para la actualización de la Agenda Local de Género",
]

METHODOLOGIES = {
    "estrategia": ["Planificación estratégica participativa", "Cuadro de mando de objetivos municipales"],
    "liderazgo": ["Comité directivo con agenda de calidad", "Rendición de cuentas interna periódica"],
    "competencias": ["Perfiles de cargo por competencias", "Evaluación de desempeño con retroalimentación"],
    "capacitacion": [
        "Plan anual de capacitación basado en brechas",
        "Evaluación de la transferencia de la capacitación",
    ],
    "bienestar": [
        "Encuesta de clima laboral y plan de acción",
        "Programa de seguridad y salud en el trabajo",
    ],
    "ingresos": [
        "Gestión de cobranza de derechos y patentes",
        "Actualización del catastro de contribuyentes",
    ],
    "presupuesto": ["Presupuesto por programas con seguimiento trimestral", "Control de gestión del gasto"],
    "recursos-materiales": [
        "Inventario y plan de mantención de bienes",
        "Gestión de compras con planificación anual",
    ],
    "satisfaccion": [
        "Medición de satisfacción de usuarios y usuarias",
        "Sistema de indicadores de calidad de servicio",
    ],
    "comunicacion": [
        "Carta de servicios a la comunidad",
        "Diagnóstico participativo de necesidades con enfoque de género",
    ],
    "prestacion": ["Mapa y estandarización de procesos de servicio", "Estándares de calidad de atención"],
    "apoyo": ["Gestión documental y de archivos", "Mejora de procesos de apoyo con indicadores"],
}

MEMBERS = [
    ("Millaray Carrasco Reyes", "Coordinadora de Gestión de Calidad"),
    ("Patricio Alvarado", "Director de Administración y Finanzas"),
    ("Carolina Araya", "Directora de Desarrollo Comunitario"),
    ("Felipe Muñoz", "Secretario Comunal de Planificación"),
    ("Paola Guerrero", "Representante de la asociación de funcionarios"),
]


def _pdf(title: str) -> SimpleUploadedFile:
    buffer = io.BytesIO()
    pdf = canvas.Canvas(buffer, pagesize=A4, invariant=1)
    pdf.drawString(72, 780, title)
    pdf.drawString(72, 760, "Documento de demostración.")
    pdf.showPage()
    pdf.save()
    return SimpleUploadedFile("documento.pdf", buffer.getvalue(), content_type="application/pdf")


def _methodology(code: str, index: int = 0) -> Methodology:
    return Methodology.objects.get(area_code=code, name=METHODOLOGIES[code][index])


def _committee(code, member_user, decree, date, counterparts):
    municipality = Municipality.objects.get(comuna__code=code)
    committee = ImprovementCommittee.objects.filter(municipality=municipality, cycle=1).first()
    if committee:
        return committee, False
    members = [improvement.MemberData(name=name, post=post) for name, post in MEMBERS]
    members[0].user = member_user
    committee = improvement.create_committee(
        municipality=municipality,
        cycle=1,
        decree_number=decree,
        decree_date=date,
        counterpart_1=counterparts[0],
        counterpart_2=counterparts[1],
        members=members,
        decree_file=_pdf(f"Decreto {decree} — {municipality.name}"),
    )
    return committee, True


def _complete_self_assessment(committee, user, level: int):
    sa = improvement.start_self_assessment(committee=committee)
    values = {}
    for r in sa.responses.select_related("element__area"):
        score = max(0, min(3, level + (r.element.number % 3) - 1))
        values[r.pk] = (
            f"Se revisaron los registros de {r.element.area.name.lower()}: existe documentación del año y actas "
            "de la unidad responsable.",
            score,
        )
    improvement.save_elements(self_assessment=sa, values=values)
    improvement.save_report(
        self_assessment=sa,
        mayor_letter=f"La administración de {committee.municipality.name} se compromete con el proceso de autoevaluación "
        "y con ejecutar el plan de mejoras que resulte de él.",
        background=f"{committee.municipality.name} es una comuna de la región de {committee.municipality.comuna.region.name}.",
        acta=_pdf("Acta del comité de mejora"),
    )
    return improvement.submit_self_assessment(self_assessment=sa, user=user)


def _validate(sa, validator, questioner_answer=None):
    improvement.assign_validator(self_assessment=sa, validator=validator)
    first = sa.responses.order_by("element__number").first()
    improvement.post_message(
        response=first,
        user=validator,
        body="¿Qué documento respalda que el plan se revisa cada año? Adjunte el acta de la revisión.",
    )
    if questioner_answer:
        improvement.post_message(
            response=first,
            user=questioner_answer,
            body="El acta de revisión anual del concejo está en el anexo 3 del informe.",
        )
    scores = {}
    for r in ElementResponse.objects.filter(self_assessment=sa).select_related("element"):
        validated = (
            r.declared_score - 1 if r.declared_score and r.element.number % 5 == 0 else r.declared_score
        )
        scores[r.pk] = (
            validated,
            "Puntaje ajustado: la evidencia cubre solo algunas unidades."
            if validated != r.declared_score
            else "",
        )
    feedback = {
        area.pk: (
            f"Prácticas de {area.name.lower()} documentadas y conocidas por los equipos.",
            f"Medir resultados en {area.name.lower()} con indicadores y revisarlos cada año.",
        )
        for area in ManagementArea.objects.filter(instrument=sa.instrument)
    }
    improvement.save_review(
        self_assessment=sa,
        user=validator,
        scores=scores,
        feedback=feedback,
        summary="La municipalidad muestra prácticas formalizadas en la gestión estratégica y brechas "
        "en la medición de resultados y de la satisfacción de usuarios y usuarias.",
    )
    return improvement.validate_self_assessment(self_assessment=sa, user=validator)


def load(*, stdout=None):
    improvement.install_self_assessment_model()
    for code, names in METHODOLOGIES.items():
        for name in names:
            Methodology.objects.get_or_create(
                area_code=code,
                name=name,
                defaults={
                    "description": f"Guía paso a paso para instalar la práctica «{name.lower()}» en la municipalidad."
                },
            )

    validator = ensure_user(VALIDATOR, first_name="Valeria", last_name="Validadora", roles=[Role.VALIDATOR])
    register(VALIDATOR, "Validador externo (autoevaluación y plan de mejoras)")
    ensure_user("validador2@demo.cl", first_name="Vicente", last_name="Validador", roles=[Role.VALIDATOR])
    serena_user = ensure_user("calidad.laserena@demo.cl", roles=[Role.QUALITY_TEAM], comuna_code=LA_SERENA)
    coquimbo_user = ensure_user(
        "mejora.coquimbo@demo.cl",
        first_name="Cristián",
        last_name="Coquimbo",
        roles=[Role.QUALITY_TEAM],
        comuna_code=COQUIMBO,
    )
    ovalle_user = ensure_user(
        "mejora.ovalle@demo.cl",
        first_name="Olga",
        last_name="Ovalle",
        roles=[Role.QUALITY_TEAM],
        comuna_code=OVALLE,
    )
    register("mejora.coquimbo@demo.cl", "Comité de mejora de Coquimbo (plan en validación)")
    register("mejora.ovalle@demo.cl", "Comité de mejora de Ovalle (líneas vencidas)")

    # La Serena: the full road, 2016-2017.
    committee, created = _committee(
        LA_SERENA,
        serena_user,
        "2.345",
        datetime.date(2016, 3, 15),
        ("Millaray Carrasco Reyes", "Felipe Muñoz"),
    )
    if created:
        sa = _complete_self_assessment(committee, serena_user, level=2)
        _validate(sa, validator, questioner_answer=serena_user)
        plan = committee.plan
        improvement.save_plan(
            plan=plan,
            methodology_ids=[
                _methodology("satisfaccion", 1).pk,
                _methodology("comunicacion", 1).pk,
                _methodology("prestacion", 1).pk,
            ],
            focus="La Serena concentrará sus esfuerzos en medir la calidad de sus servicios con estándares "
            "verificables y en incorporar el enfoque de género en su planificación, las dos brechas "
            "principales del informe de retroalimentación.",
        )
        lines = [
            improvement.add_line(
                plan=plan,
                title=PROJECTS[0],
                methodology=_methodology("satisfaccion", 1),
                responsible="Millaray Carrasco Reyes",
                team="Coordinación de Gestión de Calidad; SECPLAN",
                resources="Horas del equipo de calidad; licencia de planilla de indicadores",
                start_date=datetime.date(2016, 9, 1),
                end_date=datetime.date(2017, 6, 30),
                success_indicator="Servicios con estándar de calidad medido",
                target="12 servicios",
            ),
            improvement.add_line(
                plan=plan,
                title=PROJECTS[1],
                methodology=_methodology("comunicacion", 1),
                responsible="Carolina Araya",
                team="Oficina de la Mujer; DIDECO",
                resources="Encuesta comunal; talleres territoriales",
                start_date=datetime.date(2016, 10, 1),
                end_date=datetime.date(2017, 7, 31),
                success_indicator="Agenda Local de Género actualizada y aprobada",
                target="Aprobación del concejo",
            ),
            improvement.add_line(
                plan=plan,
                title="Carta de servicios de atención ciudadana",
                methodology=_methodology("comunicacion", 0),
                responsible="Felipe Muñoz",
                team="SECPLAN; Oficina de Informaciones",
                start_date=datetime.date(2017, 1, 2),
                end_date=datetime.date(2027, 8, 31),
                success_indicator="Carta de servicios publicada",
                target="1 carta",
            ),
        ]
        minutes = improvement.add_immediate_action(
            plan=plan,
            action="Registrar en actas todas las reuniones del comité directivo",
            responsible="Secretaría municipal",
            due_date=datetime.date(2016, 10, 31),
        )
        improvement.submit_plan(plan=plan, user=serena_user)
        improvement.review_plan(
            plan=plan,
            user=validator,
            approve=True,
            comments="Plan coherente con el informe de retroalimentación.",
        )
        improvement.record_progress(
            user=serena_user,
            immediate_action=minutes,
            percent=100,
            comment="Las actas se registran desde octubre de 2016.",
        )
        for line, done in zip(
            lines, [datetime.date(2017, 6, 20), datetime.date(2017, 7, 25), None], strict=True
        ):
            improvement.record_progress(
                user=serena_user,
                line=line,
                percent=50,
                comment="Mitad de las actividades realizadas.",
                on_date=line.start_date,
            )
            if done:
                improvement.record_progress(
                    user=serena_user,
                    line=line,
                    percent=100,
                    on_date=done,
                    comment="Proyecto terminado en plazo; la UIM supervisó el cumplimiento de sus objetivos.",
                )
        improvement.update_committee(committee=committee, is_public=True)
        _cite_in_distinction(committee)

    # Coquimbo: plan sent, awaiting the validator.
    committee, created = _committee(
        COQUIMBO, coquimbo_user, "1.120", datetime.date(2025, 4, 2), ("Cristián Coquimbo", "Ana Rivera")
    )
    if created:
        sa = _complete_self_assessment(committee, coquimbo_user, level=1)
        _validate(sa, validator, questioner_answer=coquimbo_user)
        plan = committee.plan
        improvement.save_plan(
            plan=plan,
            methodology_ids=[_methodology("ingresos").pk, _methodology("presupuesto").pk],
            focus="Coquimbo ordenará sus ingresos propios y su presupuesto por programas.",
        )
        improvement.add_line(
            plan=plan,
            title="Actualizar el catastro de patentes comerciales",
            methodology=_methodology("ingresos", 1),
            responsible="Dirección de Finanzas",
            team="Rentas y patentes",
            start_date=datetime.date(2026, 1, 5),
            end_date=datetime.date(2026, 12, 18),
            success_indicator="Patentes verificadas en terreno",
            target="90 %",
        )
        improvement.submit_plan(plan=plan, user=coquimbo_user)

    # Ovalle: plan in execution with overdue lines.
    committee, created = _committee(
        OVALLE, ovalle_user, "845", datetime.date(2025, 1, 20), ("Olga Ovalle", "Luis Pérez")
    )
    if created:
        sa = _complete_self_assessment(committee, ovalle_user, level=1)
        _validate(sa, validator, questioner_answer=ovalle_user)
        plan = committee.plan
        improvement.save_plan(
            plan=plan,
            methodology_ids=[_methodology("capacitacion").pk, _methodology("recursos-materiales").pk],
            focus="Ovalle cerrará sus brechas de capacitación y de mantención de bienes.",
        )
        late = improvement.add_line(
            plan=plan,
            title="Plan anual de capacitación por brechas",
            methodology=_methodology("capacitacion"),
            responsible="Departamento de Personal",
            team="Comité bipartito de capacitación",
            start_date=datetime.date(2025, 6, 2),
            end_date=datetime.date(2026, 3, 31),
            success_indicator="Funcionarios capacitados según su brecha",
            target="60 %",
        )
        improvement.add_line(
            plan=plan,
            title="Inventario valorizado de bienes muebles",
            methodology=_methodology("recursos-materiales"),
            responsible="Dirección de Administración",
            team="Bodega e inventario",
            start_date=datetime.date(2025, 7, 1),
            end_date=datetime.date(2026, 8, 31),
            success_indicator="Bienes inventariados",
            target="100 %",
        )
        improvement.add_immediate_action(
            plan=plan,
            action="Ordenar el archivo de decretos de personal",
            responsible="Oficina de Partes",
            due_date=datetime.date(2025, 9, 30),
        )
        improvement.submit_plan(plan=plan, user=ovalle_user)
        improvement.review_plan(plan=plan, user=validator, approve=True)
        improvement.record_progress(
            user=ovalle_user,
            line=late,
            percent=40,
            comment="Diagnóstico de brechas terminado; faltan los cursos.",
        )
    if stdout is not None:
        stdout.write(
            f"  mejora: {ImprovementCommittee.objects.count()} ciclos de mejora; validador {VALIDATOR}"
        )


def _cite_in_distinction(committee):
    """The UIM distinction of La Serena (portal demo) cites its two completed projects."""

    page = DistinctionPage.objects.filter(slug=DISTINCTION_SLUG).first()
    if page is None:
        return
    by_title = {line.title: line for line in committee.plan.lines.all()}
    lines = [by_title[title] for title in PROJECTS]
    changed = False
    for project, line in zip(page.improvement_projects.all().order_by("sort_order"), lines, strict=False):
        if project.action_line_id != line.pk:
            project.action_line = line
            project.save(update_fields=["action_line"])
            changed = True
    if changed and page.live:
        page = DistinctionPage.objects.get(pk=page.pk)
        page.save_revision(log_action=False).publish()
