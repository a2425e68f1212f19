"""An instrument as a file (CSV or XLSX), one row per record; documented in docs/calidad_instrumento.md.

Columns: registro; numero; padre; codigo; texto; detalle; tipo; unidad; puntos; desde; hasta;
ausencia; categorias; temas. The importer reports every faulty row (line and reason) and saves
nothing unless the whole file is right.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.text import slugify
from django.utils.translation import gettext as _

from calidad import services, tabular
from calidad.data import base_instrument as base
from calidad.models import Instrument, InstrumentKind, QuestionKind
from core.models import Category, Theme

COLUMNS = [
    "registro",
    "numero",
    "padre",
    "codigo",
    "texto",
    "detalle",
    "tipo",
    "unidad",
    "puntos",
    "desde",
    "hasta",
    "ausencia",
    "categorias",
    "temas",
]
RECORDS = ("instrumento", "criterio", "ambito", "pregunta", "alternativa", "tramo")
YES = {"si", "sí", "s", "x", "1", "true", "verdadero"}


def _fmt(value: Decimal | None) -> str:
    if value is None:
        return ""
    text = format(value.normalize(), "f")
    return text.replace(".", ",")


def instrument_rows(instrument: Instrument) -> list[list]:
    rows = [
        [
            "instrumento",
            instrument.version,
            "",
            instrument.family,
            instrument.name,
            instrument.description,
            instrument.kind,
            "",
            "",
            "",
            "",
            "",
            "",
            "",
        ]
    ]
    for dimension in instrument.dimensions.order_by("number"):
        rows.append(
            [
                "criterio",
                dimension.number,
                "",
                "",
                dimension.name,
                dimension.description,
                "",
                "",
                "",
                "",
                "",
                "",
                "",
                "",
            ]
        )
    for area in (
        instrument.areas.select_related("dimension")
        .prefetch_related("categories", "themes")
        .order_by("number")
    ):
        rows.append(
            [
                "ambito",
                area.number,
                area.dimension.number,
                area.code,
                area.name,
                area.definition,
                "",
                "",
                "",
                "",
                "",
                "",
                "|".join(c.slug for c in area.categories.all()),
                "|".join(t.slug for t in area.themes.all()),
            ]
        )
    questions = (
        instrument.questions.select_related("area")
        .prefetch_related("choices", "thresholds")
        .order_by("number")
    )
    for question in questions:
        rows.append(
            [
                "pregunta",
                question.number,
                question.area.number,
                "",
                question.text,
                question.guidance,
                question.kind,
                question.unit,
                "",
                "",
                "",
                "",
                "",
                "",
            ]
        )
        for choice in question.choices.all():
            rows.append(
                [
                    "alternativa",
                    choice.position,
                    question.number,
                    "",
                    choice.text,
                    "",
                    "",
                    "",
                    choice.points,
                    "",
                    "",
                    "sí" if choice.is_absence else "",
                    "",
                    "",
                ]
            )
        for band in question.thresholds.all():
            rows.append(
                [
                    "tramo",
                    "",
                    question.number,
                    "",
                    band.label,
                    "",
                    "",
                    "",
                    band.points,
                    _fmt(band.minimum),
                    _fmt(band.maximum),
                    "",
                    "",
                    "",
                ]
            )
    return rows


def export_csv(instrument: Instrument) -> bytes:
    return tabular.write_csv(COLUMNS, instrument_rows(instrument))


def export_xlsx(instrument: Instrument) -> bytes:
    return tabular.write_xlsx([("Instrumento", COLUMNS, instrument_rows(instrument))])


@dataclass
class RowError:
    line: int
    message: str

    def __str__(self):
        return _("Fila %(line)s: %(message)s") % {"line": self.line, "message": self.message}


class ImportFailed(Exception):
    def __init__(self, errors: list[RowError]):
        super().__init__("; ".join(str(e) for e in errors[:5]))
        self.errors = errors


@dataclass
class Spec:
    family: str = ""
    version: int | None = None
    name: str = ""
    description: str = ""
    kind: str = InstrumentKind.DIAGNOSTIC
    dimensions: list[dict] = field(default_factory=list)
    areas: list[dict] = field(default_factory=list)
    questions: dict[int, dict] = field(default_factory=dict)


def _int(row, key, errors, *, required=True):
    value = row.get(key, "")
    if not value:
        if required:
            errors.append(RowError(row["_line"], _("falta «%(col)s».") % {"col": key}))
        return None
    try:
        return int(Decimal(value.replace(",", ".")))
    except (InvalidOperation, ValueError):
        errors.append(
            RowError(
                row["_line"],
                _("«%(col)s» debe ser un número entero (se leyó «%(v)s»).") % {"col": key, "v": value},
            )
        )
        return None


def _decimal(row, key, errors):
    value = row.get(key, "")
    if not value:
        return None
    try:
        return services.parse_figure(value)
    except ValidationError:
        errors.append(
            RowError(
                row["_line"], _("«%(col)s» debe ser una cifra (se leyó «%(v)s»).") % {"col": key, "v": value}
            )
        )
        return None


def parse(data: bytes, filename: str = "") -> Spec:
    """Read and check the whole file; ImportFailed with every row error."""
    try:
        rows = tabular.read_rows(data, filename)
    except ValidationError as error:
        raise ImportFailed([RowError(1, " ".join(error.messages))])
    errors: list[RowError] = []
    if rows and "registro" not in rows[0]:
        raise ImportFailed(
            [RowError(1, _("falta la columna «registro»; la primera fila debe tener los encabezados."))]
        )
    spec = Spec()
    dimension_numbers, area_numbers = set(), set()
    for row in rows:
        kind = slugify(row.get("registro", "")).replace("-", "")
        line = row["_line"]
        if kind not in RECORDS:
            errors.append(
                RowError(
                    line,
                    _("registro desconocido «%(v)s» (use: %(ok)s).")
                    % {"v": row.get("registro", ""), "ok": ", ".join(RECORDS)},
                )
            )
            continue
        text = row.get("texto", "")
        if kind == "instrumento":
            spec.family = slugify(row.get("codigo", ""))
            spec.version = _int(row, "numero", errors, required=False)
            spec.name, spec.description = text, row.get("detalle", "")
            spec.kind = row.get("tipo") or InstrumentKind.DIAGNOSTIC
            if spec.kind not in InstrumentKind.values:
                errors.append(
                    RowError(line, _("tipo de instrumento desconocido «%(v)s».") % {"v": spec.kind})
                )
            if not spec.family or not spec.name:
                errors.append(
                    RowError(line, _("el instrumento necesita «codigo» (familia) y «texto» (nombre)."))
                )
        elif kind == "criterio":
            number = _int(row, "numero", errors)
            if not text:
                errors.append(RowError(line, _("el criterio necesita un nombre en «texto».")))
            if number in dimension_numbers:
                errors.append(RowError(line, _("el criterio %(n)s está repetido.") % {"n": number}))
            dimension_numbers.add(number)
            spec.dimensions.append({"number": number, "name": text, "description": row.get("detalle", "")})
        elif kind == "ambito":
            number, parent = _int(row, "numero", errors), _int(row, "padre", errors)
            if parent is not None and parent not in dimension_numbers:
                errors.append(
                    RowError(
                        line,
                        _("el ámbito apunta al criterio %(n)s, que no está antes en el archivo.")
                        % {"n": parent},
                    )
                )
            if number in area_numbers:
                errors.append(RowError(line, _("el ámbito %(n)s está repetido.") % {"n": number}))
            if not text:
                errors.append(RowError(line, _("el ámbito necesita un nombre en «texto».")))
            area_numbers.add(number)
            spec.areas.append(
                {
                    "number": number,
                    "dimension": parent,
                    "code": slugify(row.get("codigo", "")) or slugify(text)[:80],
                    "name": text,
                    "definition": row.get("detalle", ""),
                    "categories": [v.strip() for v in row.get("categorias", "").split("|") if v.strip()],
                    "themes": [v.strip() for v in row.get("temas", "").split("|") if v.strip()],
                }
            )
        elif kind == "pregunta":
            number, parent = _int(row, "numero", errors), _int(row, "padre", errors)
            qkind = row.get("tipo", "").lower()
            if qkind not in QuestionKind.values:
                errors.append(
                    RowError(
                        line, _("tipo de pregunta «%(v)s»: use «practica» o «resultado».") % {"v": qkind}
                    )
                )
            if parent is not None and parent not in area_numbers:
                errors.append(
                    RowError(
                        line,
                        _("la pregunta apunta al ámbito %(n)s, que no está antes en el archivo.")
                        % {"n": parent},
                    )
                )
            if number in spec.questions:
                errors.append(RowError(line, _("la pregunta %(n)s está repetida.") % {"n": number}))
            if not text:
                errors.append(RowError(line, _("la pregunta necesita su texto.")))
            if number is not None:
                spec.questions[number] = {
                    "line": line,
                    "number": number,
                    "area": parent,
                    "kind": qkind,
                    "text": text,
                    "guidance": row.get("detalle", ""),
                    "unit": row.get("unidad", ""),
                    "choices": [],
                    "thresholds": [],
                }
        else:
            parent = _int(row, "padre", errors)
            question = spec.questions.get(parent)
            points = _int(row, "puntos", errors)
            if parent is not None and question is None:
                errors.append(
                    RowError(
                        line,
                        _("apunta a la pregunta %(n)s, que no está antes en el archivo.") % {"n": parent},
                    )
                )
                continue
            if question is None or points is None:
                continue
            if kind == "alternativa":
                if question["kind"] != QuestionKind.PRACTICE:
                    errors.append(
                        RowError(
                            line,
                            _("las alternativas son para preguntas de práctica; la %(n)s es de resultado.")
                            % {"n": parent},
                        )
                    )
                if not text:
                    errors.append(RowError(line, _("la alternativa necesita su texto.")))
                absent = row.get("ausencia", "").strip().lower() in YES
                question["choices"].append((text, points, absent))
            else:
                if question["kind"] != QuestionKind.RESULT:
                    errors.append(
                        RowError(
                            line,
                            _("los tramos son para preguntas de resultado; la %(n)s es de práctica.")
                            % {"n": parent},
                        )
                    )
                low, high = _decimal(row, "desde", errors), _decimal(row, "hasta", errors)
                question["thresholds"].append((low, high, points, text))
    if not spec.family and not errors:
        errors.append(RowError(1, _("falta la fila «instrumento» con la familia y el nombre.")))
    if not spec.questions and not errors:
        errors.append(RowError(1, _("el archivo no tiene preguntas.")))
    if errors:
        raise ImportFailed(errors)
    return spec


def _lookup(model, keys):
    found = []
    for key in keys:
        item = model.objects.filter(slug=key).first() or model.objects.filter(name__iexact=key).first()
        if item is not None:
            found.append(item)
    return found


@transaction.atomic
def build(spec: Spec, *, replace: Instrument | None = None) -> Instrument:
    """Create the instrument described by ``spec`` (or refill ``replace``, if it is not frozen)."""
    if replace is not None:
        services.ensure_editable(replace)
        replace.dimensions.all().delete()
        replace.name, replace.description = spec.name, spec.description
        replace.save(update_fields=["name", "description"])
        instrument = replace
    else:
        instrument = services.create_instrument(
            family=spec.family,
            name=spec.name,
            description=spec.description,
            version=spec.version,
            kind=spec.kind,
        )
    dimensions = {
        d["number"]: services.add_dimension(
            instrument=instrument, number=d["number"], name=d["name"], description=d["description"]
        )
        for d in spec.dimensions
    }
    areas = {
        a["number"]: services.add_area(
            dimension=dimensions[a["dimension"]],
            number=a["number"],
            code=a["code"],
            name=a["name"],
            definition=a["definition"],
            categories=_lookup(Category, a["categories"]),
            themes=_lookup(Theme, a["themes"]),
        )
        for a in spec.areas
    }
    errors = []
    for number in sorted(spec.questions):
        q = spec.questions[number]
        try:
            services.add_question(
                area=areas[q["area"]],
                number=number,
                kind=q["kind"],
                text=q["text"],
                guidance=q["guidance"],
                unit=q["unit"],
                choices=q["choices"],
                thresholds=q["thresholds"],
            )
        except ValidationError as error:
            errors.append(RowError(q["line"], " ".join(error.messages)))
    if errors:
        raise ImportFailed(errors)
    return instrument


def import_instrument(*, data: bytes, filename: str = "") -> Instrument:
    """Import a file as a new version. If the file names a version that exists and is still
    editable, that version is refilled; a frozen one is refused (use the next number)."""
    spec = parse(data, filename)
    existing = None
    if spec.version is not None:
        existing = Instrument.objects.filter(family=spec.family, version=spec.version).first()
        if existing is not None and existing.is_frozen:
            raise ImportFailed(
                [
                    RowError(
                        2,
                        _(
                            "la versión %(v)s de «%(f)s» ya se usó y está congelada: ponga otro número de versión "
                            "o deje «numero» vacío para crear la siguiente."
                        )
                        % {"v": spec.version, "f": spec.family},
                    )
                ]
            )
    try:
        return build(spec, replace=existing)
    except ValidationError as error:
        raise ImportFailed([RowError(1, " ".join(error.messages))])


def install_base_instrument(*, activate: bool = True) -> Instrument:
    """The portal's own instrument (calidad/data/base_instrument.py); idempotent."""

    existing = Instrument.objects.filter(family=base.FAMILY, version=1).first()
    if existing is not None:
        return existing
    spec = Spec(family=base.FAMILY, version=1, name=base.NAME, description=base.DESCRIPTION)
    spec.dimensions = [{"number": n, "name": name, "description": d} for n, name, d in base.DIMENSIONS]
    number = 0
    for area in base.AREAS:
        categories, themes = base.LIBRARY_LINKS.get(area["code"], ([], []))
        spec.areas.append(
            {
                **{k: area[k] for k in ("number", "dimension", "code", "name", "definition")},
                "categories": categories,
                "themes": themes,
            }
        )
        for q in area["questions"]:
            number += 1
            spec.questions[number] = {
                "line": number,
                "number": number,
                "area": area["number"],
                "kind": q["kind"],
                "text": q["text"],
                "guidance": q.get("guidance", ""),
                "unit": q.get("unit", ""),
                "choices": q.get("choices", []) if q["kind"] == QuestionKind.PRACTICE else [],
                "thresholds": q.get("thresholds", []),
            }
    instrument = build(spec)
    if activate:
        services.activate_instrument(instrument=instrument)
    return instrument
