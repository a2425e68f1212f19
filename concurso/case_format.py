"""The case format of a good practice, declared once (PRODUCT.md: "formato de caso").

Every consumer builds from this declaration instead of retyping the list:

- concurso: the Submission model's labels, help texts and limits; the applicant form (fields,
  order, groups, help, which are required to send); the read-only sections; what a save may write;
- evaluacion: which fields evaluators read only through the redacted copy (blind review);
- portal: which fields become rich-text sections of the library page, the library draft created
  from an awarded submission, the import/export columns of those sections, the search entry.

Order is the reading order. Labels are lazy (gettext_lazy), so this module has no database or
request dependency and sits at the bottom of the competition (tests/concurso/test_case_format.py
checks that each consumer uses it).
"""

from __future__ import annotations

from dataclasses import dataclass

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _


class Section:
    PRACTICE = _("La práctica")
    IMPLEMENTATION = _("Implementación")
    CONTENT = _("Contenido")
    SCOPE = _("Alcance")
    CONTACT = _("Contacto y equipo")


@dataclass(frozen=True)
class CaseField:
    name: str
    label: Promise
    section: Promise
    help: Promise | str = ""
    max_length: int | None = None
    required: bool = False  # to send the submission (a draft may leave it blank)
    redacted: bool = False  # free text evaluators read only through the redacted copy
    rich_text: bool = False  # a rich-text section of the library page (same field name there)
    many: bool = False  # a many-to-many choice (themes, ODS)


CASE_FORMAT: tuple[CaseField, ...] = (
    CaseField(
        "title",
        _("nombre de la práctica"),
        Section.PRACTICE,
        _("Un nombre breve y claro de la práctica."),
        max_length=200,
        required=True,
        redacted=True,
    ),
    CaseField(
        "category",
        _("categoría"),
        Section.PRACTICE,
        _("La categoría de la convocatoria en la que compite."),
        required=True,
    ),
    CaseField(
        "summary",
        _("resumen"),
        Section.PRACTICE,
        _("De qué se trata, en pocas líneas: lo que leerá primero el jurado."),
        max_length=800,
        required=True,
        redacted=True,
    ),
    CaseField("themes", _("temas"), Section.PRACTICE, many=True),
    CaseField("ods", _("ODS"), Section.PRACTICE, many=True),
    CaseField(
        "year_start",
        _("año de inicio"),
        Section.IMPLEMENTATION,
        _("Año en que la práctica comenzó a implementarse."),
        required=True,
    ),
    CaseField(
        "implementation_period",
        _("período de implementación"),
        Section.IMPLEMENTATION,
        _("Por ejemplo: marzo de 2023 a la fecha."),
        max_length=100,
        required=True,
        redacted=True,
    ),
    CaseField(
        "implementation_months",
        _("meses de implementación"),
        Section.IMPLEMENTATION,
        _("Meses de implementación efectiva al momento de postular."),
        required=True,
    ),
    CaseField(
        "budget_clp",
        _("presupuesto (CLP)"),
        Section.IMPLEMENTATION,
        _("Costo total en pesos chilenos, por ejemplo 45.000.000 (sin decimales)."),
    ),
    CaseField(
        "previous_situation",
        _("situación previa"),
        Section.CONTENT,
        _("El problema o la necesidad antes de la práctica, con datos si los tiene."),
        max_length=5000,
        required=True,
        redacted=True,
        rich_text=True,
    ),
    CaseField(
        "objectives",
        _("objetivos"),
        Section.CONTENT,
        _("Objetivo general y objetivos específicos."),
        max_length=3000,
        required=True,
        redacted=True,
        rich_text=True,
    ),
    CaseField(
        "description",
        _("descripción"),
        Section.CONTENT,
        _("Qué se hizo y cómo: etapas, equipo, recursos, herramientas."),
        max_length=8000,
        required=True,
        redacted=True,
        rich_text=True,
    ),
    CaseField(
        "results",
        _("resultados"),
        Section.CONTENT,
        _("Los cambios logrados, con cifras comparables con la situación previa."),
        max_length=5000,
        required=True,
        redacted=True,
        rich_text=True,
    ),
    CaseField(
        "indicators",
        _("indicadores"),
        Section.CONTENT,
        _("Un indicador por línea: nombre, valor inicial, valor actual."),
        max_length=3000,
        redacted=True,
    ),
    CaseField(
        "citizen_participation",
        _("participación ciudadana"),
        Section.SCOPE,
        _("Cómo participaron vecinas, vecinos y organizaciones."),
        max_length=4000,
        required=True,
        redacted=True,
        rich_text=True,
    ),
    CaseField(
        "sustainability",
        _("sostenibilidad"),
        Section.SCOPE,
        _("Cómo se financia y se mantiene en el tiempo."),
        max_length=4000,
        required=True,
        redacted=True,
        rich_text=True,
    ),
    CaseField(
        "replicability",
        _("replicabilidad"),
        Section.SCOPE,
        _("Qué necesita otra municipalidad para aplicarla."),
        max_length=4000,
        required=True,
        redacted=True,
        rich_text=True,
    ),
    CaseField(
        "lessons_learned",
        _("lecciones aprendidas"),
        Section.SCOPE,
        _("Qué harían distinto y qué recomiendan."),
        max_length=4000,
        redacted=True,
        rich_text=True,
    ),
    CaseField(
        "partners",
        _("socios"),
        Section.SCOPE,
        _("Instituciones u organizaciones que colaboraron."),
        max_length=2000,
        redacted=True,
    ),
    CaseField("contact_name", _("nombre de contacto"), Section.CONTACT, max_length=200, required=True),
    CaseField("contact_email", _("correo de contacto"), Section.CONTACT, required=True),
    CaseField("contact_phone", _("teléfono de contacto"), Section.CONTACT, max_length=40, required=True),
    CaseField(
        "team_members",
        _("equipo responsable"),
        Section.CONTACT,
        _("Nombres de las personas del equipo, uno por línea."),
        max_length=2000,
    ),
)

FIELDS: dict[str, CaseField] = {field.name: field for field in CASE_FORMAT}


def names(**flags: bool) -> tuple[str, ...]:
    """Field names in reading order, filtered by flags, e.g. ``names(redacted=True)``."""
    return tuple(
        field.name
        for field in CASE_FORMAT
        if all(getattr(field, flag) == value for flag, value in flags.items())
    )


def sections() -> list[tuple[Promise, tuple[str, ...]]]:
    """(section title, field names) in reading order."""
    grouped: list[tuple[Promise, list[str]]] = []
    for field in CASE_FORMAT:
        if not grouped or grouped[-1][0] is not field.section:
            grouped.append((field.section, []))
        grouped[-1][1].append(field.name)
    return [(title, tuple(fields)) for title, fields in grouped]
