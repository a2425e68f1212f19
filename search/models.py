"""Tables of the embedded search backend.

`IndexedDocument` is the document store and the source of the in-memory facet columns. The text index
lives beside it and is created by migration 0001 for the database in use: an FTS5 virtual table
`portal_search_fts` on SQLite (rowid = page id), a generated `search_vector` tsvector column with a
GIN index on PostgreSQL. Rows are written only by `search.backends.embedded`.
"""

from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _

from search import synonyms


class IndexedDocument(models.Model):
    page_id = models.BigIntegerField(_("página"), primary_key=True)
    doc_type = models.CharField(_("tipo"), max_length=20)
    title = models.CharField(_("título"), max_length=500)
    url = models.CharField(_("dirección"), max_length=500, blank=True)
    summary = models.TextField(_("resumen"), blank=True)
    body = models.TextField(_("texto"), blank=True)
    keywords = models.TextField(_("palabras de las facetas"), blank=True)
    category = models.CharField(_("categoría"), max_length=120, blank=True)
    region = models.CharField(_("región"), max_length=120, blank=True)
    comuna = models.CharField(_("comuna"), max_length=120, blank=True)
    municipality = models.CharField(_("municipalidad"), max_length=160, blank=True)
    year = models.PositiveSmallIntegerField(_("año"), null=True, blank=True)
    level = models.CharField(_("nivel"), max_length=10, blank=True)
    date = models.DateField(_("fecha"), null=True, blank=True)

    class Meta:
        verbose_name = _("documento indexado")
        verbose_name_plural = _("documentos indexados")
        indexes = [
            models.Index(fields=["doc_type"], name="search_doc_type_idx"),
            models.Index(fields=["category"], name="search_doc_category_idx"),
            models.Index(fields=["region"], name="search_doc_region_idx"),
            models.Index(fields=["comuna"], name="search_doc_comuna_idx"),
            models.Index(fields=["year"], name="search_doc_year_idx"),
            models.Index(fields=["level"], name="search_doc_level_idx"),
            models.Index(fields=["date"], name="search_doc_date_idx"),
        ]

    def __str__(self):
        return self.title


class IndexState(models.Model):
    """One row whose token changes with every write to the embedded index.

    Search processes keep the facet columns in memory (see embedded.FacetColumns) and reload them
    when the token differs. A random token rather than a counter, so a rolled-back write can never
    leave two different contents under the same token.
    """

    token = models.CharField(max_length=32)

    class Meta:
        verbose_name = _("estado del índice")

    def __str__(self):
        return self.token


class SearchTerm(models.Model):
    """The vocabulary of the embedded index: every word of the indexed pages (accent-folded, not
    stemmed), how many documents use it and how it is usually written. Kept up to date by
    `search.backends.embedded` at every write; spelling corrections and typo-tolerant
    autocomplete look words up here (`search.spelling`)."""

    word = models.CharField(_("palabra"), max_length=100, primary_key=True)
    display = models.CharField(_("forma escrita"), max_length=100)
    stem = models.CharField(_("raíz"), max_length=100, db_index=True)
    documents = models.IntegerField(_("documentos"), default=0)

    class Meta:
        verbose_name = _("término del vocabulario")
        verbose_name_plural = _("vocabulario de búsqueda")

    def __str__(self):
        return self.display


class SynonymGroup(models.Model):
    """Words or expressions that mean the same to the people who search ("wifi, internet
    inalámbrico"). Managed by editors as a Wagtail snippet; applied when a query is read, on every
    backend, so a change counts from the next search without re-indexing."""

    terms = models.CharField(
        _("términos equivalentes"),
        max_length=500,
        help_text=_(
            "Palabras o expresiones separadas por comas que deben encontrarse entre sí, por ejemplo: "
            "«wifi, internet inalámbrico, conexión gratuita»."
        ),
    )
    note = models.CharField(_("nota interna"), max_length=200, blank=True)
    updated_at = models.DateTimeField(_("actualizado"), auto_now=True)

    class Meta:
        verbose_name = _("grupo de sinónimos")
        verbose_name_plural = _("sinónimos de búsqueda")
        ordering = ["terms"]

    def __str__(self):
        return self.terms

    def alternatives(self) -> list[str]:
        return synonyms.split_terms(self.terms)

    def clean(self):
        errors = synonyms.validate_terms(self.terms)
        if errors:
            raise ValidationError({"terms": errors})


def load_synonym_groups(using: str = "default") -> list[tuple[synonyms.Alternative, ...]]:
    """Every synonym group as alternatives of folded words (stop words removed). One small query."""
    return synonyms.groups_from_terms(SynonymGroup.objects.using(using).values_list("terms", flat=True))
