"""Import and export of good practices in the documented CSV/JSON schema (docs/import_schema.md)."""

from __future__ import annotations

import csv
import io
import json
import re
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

from django import forms
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import transaction
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from core.models import Category, Municipality, SustainableDevelopmentGoal, Theme
from portal import recognitions
from portal.models import (
    CompetitionResult,
    ExternalRecognition,
    GoodPracticePage,
    LibraryIndexPage,
    ResultIndicator,
)
from portal.services.richtext import RICH_TEXT_FIELDS, richtext_to_text, text_to_richtext

COLUMNS = [
    "external_id",
    "title",
    "municipality",
    "category",
    "themes",
    "ods",
    "year",
    "implementation_period",
    "summary",
    *RICH_TEXT_FIELDS,
    "partners",
    "budget_clp",
    "competition_name",
    "competition_result",
    "competition_year",
    "competition_entry",
    "competition_url",
    "source",
    "indicators",
]
RECOGNITION_COLUMNS = [
    "competition_name",
    "competition_result",
    "competition_year",
    "competition_entry",
    "competition_url",
]
REQUIRED_COLUMNS = ["external_id", "title", "municipality", "category", "year", "summary"]


class PracticeRowForm(forms.Form):
    """Validates one row of an import file. Every message is shown to the person importing."""

    external_id = forms.CharField(label=_("external_id"), max_length=100)
    title = forms.CharField(label=_("title"), max_length=255)
    municipality = forms.CharField(label=_("municipality"), max_length=10)
    category = forms.CharField(label=_("category"), max_length=120)
    themes = forms.CharField(label=_("themes"), required=False)
    ods = forms.CharField(label=_("ods"), required=False)
    year = forms.IntegerField(
        label=_("year"), validators=[MinValueValidator(1950), MaxValueValidator(timezone.now().year + 1)]
    )
    implementation_period = forms.CharField(label=_("implementation_period"), max_length=100, required=False)
    summary = forms.CharField(label=_("summary"), max_length=800)
    previous_situation = forms.CharField(label=_("previous_situation"))
    objectives = forms.CharField(label=_("objectives"))
    description = forms.CharField(label=_("description"))
    results = forms.CharField(label=_("results"))
    citizen_participation = forms.CharField(label=_("citizen_participation"), required=False)
    sustainability = forms.CharField(label=_("sustainability"), required=False)
    replicability = forms.CharField(label=_("replicability"), required=False)
    lessons_learned = forms.CharField(label=_("lessons_learned"), required=False)
    partners = forms.CharField(label=_("partners"), required=False)
    budget_clp = forms.CharField(label=_("budget_clp"), required=False)
    competition_name = forms.CharField(label=_("competition_name"), max_length=200, required=False)
    competition_result = forms.CharField(label=_("competition_result"), required=False)
    competition_year = forms.IntegerField(
        label=_("competition_year"),
        required=False,
        validators=[MinValueValidator(1950), MaxValueValidator(2100)],
    )
    competition_entry = forms.CharField(label=_("competition_entry"), max_length=20, required=False)
    competition_url = forms.URLField(label=_("competition_url"), required=False, assume_scheme="https")
    source = forms.CharField(label=_("source"), max_length=200, required=False)
    indicators = forms.CharField(label=_("indicators"), required=False)

    def __init__(self, *args, categories: dict, municipalities: dict, **kwargs):
        super().__init__(*args, **kwargs)
        self._categories = categories
        self._municipalities = municipalities

    def clean_municipality(self):
        code = self.cleaned_data["municipality"].strip()
        if code.isdigit() and len(code) == 4:  # spreadsheets drop the leading zero of "04101"
            code = "0" + code
        municipality = self._municipalities.get(code)
        if municipality is None:
            raise forms.ValidationError(
                gettext("No hay una municipalidad para el código de comuna «%(code)s».") % {"code": code}
            )
        return municipality

    def clean_category(self):
        value = self.cleaned_data["category"].strip()
        category = self._categories.get(value.lower()) or self._categories.get(slugify(value))
        if category is None:
            raise forms.ValidationError(gettext("La categoría «%(value)s» no existe.") % {"value": value})
        return category

    def clean_themes(self):
        return [name.strip() for name in self.cleaned_data["themes"].split(";") if name.strip()]

    def clean_ods(self):
        numbers = []
        for item in self.cleaned_data["ods"].split(";"):
            item = item.strip().upper().removeprefix("ODS").strip()
            if not item:
                continue
            if not item.isdigit() or not 1 <= int(item) <= 17:
                raise forms.ValidationError(
                    gettext("«%(value)s» no es un ODS (números del 1 al 17).") % {"value": item}
                )
            numbers.append(int(item))
        return sorted(set(numbers))

    def clean_budget_clp(self):
        raw = self.cleaned_data["budget_clp"].strip()
        if not raw:
            return None
        digits = re.sub(r"[\s.$]", "", raw)
        if not digits.isdigit():
            raise forms.ValidationError(
                gettext(
                    "El presupuesto debe ser un número entero de pesos, sin decimales (recibido: «%(value)s»)."
                )
                % {"value": raw}
            )
        return int(digits)

    def clean_competition_result(self):
        raw = self.cleaned_data["competition_result"].strip()
        if not raw:
            return ""
        for value, label in CompetitionResult.choices:
            if raw.lower() in {value, str(label).lower()}:
                return value
        allowed = ", ".join(CompetitionResult.values)
        raise forms.ValidationError(
            gettext("Resultado «%(value)s» desconocido; use uno de: %(allowed)s.")
            % {"value": raw, "allowed": allowed}
        )

    def clean(self):
        """The recognition, structured (portal.recognitions): a platform call's result or an outside one."""
        data = super().clean()
        if any(
            name in self.errors
            for name in ("municipality", "competition_result", "competition_year", "competition_url")
        ):
            return data
        try:
            recognition = recognitions.resolve(
                name=data.get("competition_name", ""),
                level=data.get("competition_result", ""),
                year=data.get("competition_year"),
                entry=data.get("competition_entry", ""),
                url=data.get("competition_url", ""),
                municipality=data["municipality"],
            )
        except ValueError as error:
            self.add_error("competition_name", str(error))
            return data
        data["recognition"] = recognition
        columns = recognition.columns if recognition else ("", "", "", "", "")
        for name, value in zip(RECOGNITION_COLUMNS, columns, strict=True):
            data[name] = value
        return data

    def clean_indicators(self):
        indicators = []
        for item in self.cleaned_data["indicators"].split(";"):
            if not item.strip():
                continue
            parts = [part.strip() for part in item.split("|")]
            if len(parts) != 4 or not parts[0] or not parts[2]:
                raise forms.ValidationError(
                    gettext("Indicador mal formado «%(value)s»: use nombre|línea base|resultado|unidad.")
                    % {"value": item.strip()}
                )
            indicators.append(tuple(parts))
        return indicators


@dataclass
class RowError:
    line: int
    external_id: str
    messages: list[str]

    def __str__(self) -> str:
        ident = f" ({self.external_id})" if self.external_id else ""
        return gettext("Línea %(line)s%(ident)s: %(reasons)s") % {
            "line": self.line,
            "ident": ident,
            "reasons": "; ".join(self.messages),
        }


@dataclass
class ImportReport:
    created: list[str] = field(default_factory=list)
    updated: list[str] = field(default_factory=list)
    unchanged: list[str] = field(default_factory=list)
    errors: list[RowError] = field(default_factory=list)

    @property
    def total(self) -> int:
        return len(self.created) + len(self.updated) + len(self.unchanged) + len(self.errors)

    def summary(self) -> str:
        return gettext(
            "%(total)s filas: %(created)s creadas, %(updated)s actualizadas, %(unchanged)s sin cambios, "
            "%(errors)s con errores."
        ) % {
            "total": self.total,
            "created": len(self.created),
            "updated": len(self.updated),
            "unchanged": len(self.unchanged),
            "errors": len(self.errors),
        }


class ImportFileError(Exception):
    """The file as a whole cannot be read (format, encoding, missing columns)."""


def read_rows(*, path: Path) -> Iterator[tuple[int, dict]]:
    """Yields (line number, row dict) for a .csv or .json file; the line is where the record starts."""
    path = Path(path)
    suffix = path.suffix.lower()
    if suffix not in {".csv", ".json"}:
        raise ImportFileError(gettext("Formato no reconocido: use un archivo .csv o .json."))
    try:
        text = path.read_text(encoding="utf-8-sig")
    except UnicodeDecodeError:
        raise ImportFileError(gettext("El archivo debe estar codificado en UTF-8."))
    except OSError as exc:
        raise ImportFileError(
            gettext("No se pudo leer el archivo: %(error)s") % {"error": exc.strerror or exc}
        )
    if suffix == ".csv":
        yield from _read_csv(text)
    else:
        yield from _read_json(text)


def _read_csv(text: str) -> Iterator[tuple[int, dict]]:
    try:
        dialect = csv.Sniffer().sniff(text.split("\n", 1)[0], delimiters=",;\t")
    except csv.Error:
        dialect = csv.excel
    reader = csv.reader(io.StringIO(text), dialect)
    header = next(reader, None)
    if not header:
        raise ImportFileError(gettext("El archivo está vacío."))
    header = [name.strip().lower() for name in header]
    missing = [name for name in REQUIRED_COLUMNS if name not in header]
    if missing:
        raise ImportFileError(
            gettext("Faltan columnas obligatorias: %(columns)s.") % {"columns": ", ".join(missing)}
        )
    while True:
        start = reader.line_num + 1
        try:
            values = next(reader)
        except StopIteration:
            return
        except csv.Error as exc:
            raise ImportFileError(
                gettext("CSV mal formado cerca de la línea %(line)s: %(error)s")
                % {"line": start, "error": exc}
            )
        if not any(value.strip() for value in values):
            continue
        yield start, {name: (values[i] if i < len(values) else "") for i, name in enumerate(header)}


def _read_json(text: str) -> Iterator[tuple[int, dict]]:
    decoder = json.JSONDecoder()
    position = len(text) - len(text.lstrip())
    if not text[position : position + 1] == "[":
        raise ImportFileError(gettext("El JSON debe ser una lista de objetos, uno por práctica."))
    position += 1
    while True:
        while position < len(text) and text[position] in " \t\r\n,":
            position += 1
        if position >= len(text):
            raise ImportFileError(gettext("El JSON termina antes de cerrar la lista."))
        if text[position] == "]":
            return
        line = text.count("\n", 0, position) + 1
        try:
            item, position = decoder.raw_decode(text, position)
        except json.JSONDecodeError as exc:
            raise ImportFileError(
                gettext("JSON mal formado en la línea %(line)s: %(error)s")
                % {"line": exc.lineno, "error": exc.msg}
            )
        if not isinstance(item, dict):
            yield line, {"__invalid__": True}
            continue
        yield line, {key: _json_value(value) for key, value in item.items()}


def _json_value(value) -> str:
    if value is None:
        return ""
    if isinstance(value, list):
        return ";".join(_json_value(item) for item in value)
    return str(value)


def _library() -> LibraryIndexPage:
    library = LibraryIndexPage.objects.first()
    if library is None:
        raise ImportFileError(
            gettext("No existe la biblioteca (LibraryIndexPage): cree la página antes de importar.")
        )
    return library


def import_practices(
    *, path: Path, publish: bool = True, progress: Callable[[Iterable], Iterable] | None = None
) -> ImportReport:
    """Imports every valid row of a CSV/JSON file as a good-practice page under the library.

    Idempotent by external_id: an existing page gets a new revision only when something changed.
    Each row is its own transaction, so one bad row never blocks the others.
    """
    rows = list(read_rows(path=path))
    return import_rows(rows=rows, publish=publish, progress=progress)


def import_rows(
    *,
    rows: list[tuple[int, dict]],
    publish: bool = True,
    progress: Callable[[Iterable], Iterable] | None = None,
    extra: dict[str, dict] | None = None,
) -> ImportReport:
    """Imports already-read rows; `extra` maps an external_id to model fields outside the schema
    (e.g. main_image, distinction) that the demo loader sets."""
    extra = extra or {}
    library = _library()
    categories = {}
    for category in Category.objects.all():
        categories[category.slug.lower()] = category
        categories[category.name.lower()] = category
    municipalities = {m.comuna.code: m for m in Municipality.objects.select_related("comuna")}
    ods_by_number = {goal.number: goal for goal in SustainableDevelopmentGoal.objects.all()}
    report = ImportReport()
    seen: dict[str, int] = {}
    iterable = progress(rows) if progress else rows
    for line, row in iterable:
        if row.get("__invalid__"):
            report.errors.append(RowError(line, "", [gettext("cada registro debe ser un objeto JSON")]))
            continue
        form = PracticeRowForm(
            {name: (row.get(name) or "").strip() for name in COLUMNS},
            categories=categories,
            municipalities=municipalities,
        )
        external_id = (row.get("external_id") or "").strip()
        if not form.is_valid():
            messages = [
                f"{name}: {' '.join(str(error).rstrip('.') for error in errors)}"
                for name, errors in form.errors.items()
            ]
            report.errors.append(RowError(line, external_id, messages))
            continue
        if external_id in seen:
            report.errors.append(
                RowError(
                    line,
                    external_id,
                    [
                        gettext("external_id repetido (ya aparece en la línea %(line)s)")
                        % {"line": seen[external_id]}
                    ],
                )
            )
            continue
        seen[external_id] = line
        data = form.cleaned_data
        with transaction.atomic():
            outcome = _save_practice(
                library=library,
                data=data,
                ods_by_number=ods_by_number,
                publish=publish,
                extra=extra.get(external_id, {}),
            )
        getattr(report, outcome).append(external_id)
    return report


def _theme_objects(names: list[str]) -> list[Theme]:
    themes = []
    for name in names:
        theme = (
            Theme.objects.filter(name__iexact=name).first()
            or Theme.objects.filter(slug=slugify(name)).first()
        )
        if theme is None:
            theme = Theme.objects.create(name=name, slug=slugify(name)[:120] or "tema")
        themes.append(theme)
    return themes


def _unique_slug(parent, title: str, *, exclude_pk=None) -> str:
    base = slugify(title)[:200] or "practica"
    siblings = set(parent.get_children().exclude(pk=exclude_pk).values_list("slug", flat=True))
    slug, counter = base, 2
    while slug in siblings:
        slug, counter = f"{base}-{counter}", counter + 1
    return slug


def _save_practice(*, library, data: dict, ods_by_number: dict, publish: bool, extra: dict) -> str:
    page = GoodPracticePage.objects.filter(external_id=data["external_id"]).first()
    if page is not None:
        latest = page.get_latest_revision_as_object() if page.has_unpublished_changes else page
        same_extra = all(
            getattr(latest, f"{name}_id") == getattr(obj, "pk", None) for name, obj in extra.items()
        )
        if same_extra and practice_to_row(latest) == _row_from_cleaned(data) and (page.live or not publish):
            return "unchanged"
    themes = _theme_objects(data["themes"])
    values = {
        "title": data["title"],
        "municipality": data["municipality"],
        "category": data["category"],
        "year": data["year"],
        "implementation_period": data["implementation_period"],
        "summary": data["summary"],
        "partners": data["partners"],
        "budget_clp": data["budget_clp"],
        "competition_decision_id": getattr(data["recognition"], "decision_id", None),
        "source": data["source"],
        "external_id": data["external_id"],
        **{name: text_to_richtext(data[name]) for name in RICH_TEXT_FIELDS},
        **extra,
    }
    created = page is None
    if created:
        page = GoodPracticePage(slug=_unique_slug(library, data["title"]), live=publish, **values)
    else:
        for name, value in values.items():
            setattr(page, name, value)
    page.themes = themes
    page.ods = [ods_by_number[number] for number in data["ods"]]
    outside = data["recognition"] if data["recognition"] and data["recognition"].decision_id is None else None
    page.external_recognitions = (
        [
            ExternalRecognition(
                competition=outside.competition,
                year=outside.year,
                level=outside.level,
                url=outside.url,
                sort_order=0,
            )
        ]
        if outside
        else []
    )
    page.indicators = [
        ResultIndicator(name=name, baseline=baseline, value=value, unit=unit, sort_order=index)
        for index, (name, baseline, value, unit) in enumerate(data["indicators"])
    ]
    if created:
        library.add_child(instance=page)
    revision = page.save_revision(log_action=True)
    if publish:
        revision.publish()
    return "created" if created else "updated"


def _row_from_cleaned(data: dict) -> dict:
    row = {}
    for name in COLUMNS:
        value = data.get(name)
        if name == "municipality":
            value = value.comuna.code
        elif name == "category":
            value = value.slug
        elif name == "themes":
            value = ";".join(sorted(value, key=str.lower))
        elif name == "ods":
            value = ";".join(str(number) for number in value)
        elif name == "indicators":
            value = ";".join("|".join(parts) for parts in value)
        elif name in RICH_TEXT_FIELDS:
            value = richtext_to_text(text_to_richtext(value))
        elif value is None:
            value = ""
        row[name] = str(value)
    return row


def practice_to_row(page: GoodPracticePage) -> dict:
    """One practice in the import schema (every value a string)."""
    row = {
        "external_id": page.external_id or f"pagina-{page.pk}",
        "title": page.title,
        "municipality": page.municipality.comuna.code,
        "category": page.category.slug,
        "themes": ";".join(sorted((theme.name for theme in page.themes.all()), key=str.lower)),
        "ods": ";".join(str(goal.number) for goal in sorted(page.ods.all(), key=lambda goal: goal.number)),
        "year": str(page.year),
        "implementation_period": page.implementation_period,
        "summary": page.summary,
        "partners": page.partners,
        "budget_clp": "" if page.budget_clp is None else str(page.budget_clp),
        **dict(zip(RECOGNITION_COLUMNS, recognitions.export_columns(page), strict=True)),
        "source": page.source,
        "indicators": ";".join(
            "|".join([item.name, item.baseline, item.value, item.unit]) for item in page.indicators.all()
        ),
    }
    for name in RICH_TEXT_FIELDS:
        row[name] = richtext_to_text(getattr(page, name))
    return {name: row[name] for name in COLUMNS}


def export_practices(*, stream, file_format: str = "csv", queryset=None) -> int:
    """Writes every practice (or the given queryset) to the stream in the import schema."""
    if queryset is None:
        queryset = GoodPracticePage.objects.all()
    queryset = (
        queryset.select_related("municipality__comuna", "category")
        .select_related("competition_decision__submission__call")
        .prefetch_related("themes", "ods", "indicators", "external_recognitions")
        .order_by("external_id", "pk")
    )
    rows = [practice_to_row(page) for page in queryset]
    if file_format == "json":
        json.dump(rows, stream, ensure_ascii=False, indent=2)
        stream.write("\n")
    elif file_format == "csv":
        writer = csv.DictWriter(stream, fieldnames=COLUMNS, lineterminator="\n")
        writer.writeheader()
        writer.writerows(rows)
    else:
        raise ValueError(f"unknown format {file_format!r}")
    return len(rows)
