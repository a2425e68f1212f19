"""Tables of the embedded search backend.

`IndexedDocument` is the document store and the source of the in-memory facet columns. The text index
lives beside it and is created by migration 0001 for the database in use: an FTS5 virtual table
`portal_search_fts` on SQLite (rowid = page id), a generated `search_vector` tsvector column with a
GIN index on PostgreSQL. Rows are written only by `search.backends.embedded`.
"""

from django.db import models
from django.utils.translation import gettext_lazy as _


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
