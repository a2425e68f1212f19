"""The book's PDF: contents list every chosen case in print order with the right page numbers."""

import io
import re

import pytest
from django.urls import reverse
from pypdf import PdfReader

from difusion import services
from difusion.book import build_pdf
from difusion.models import BookStatus
from tests.factories.core import CategoryFactory
from tests.factories.difusion import BookEntryFactory, BookFactory
from tests.factories.portal import good_practice_factory, image_factory
from tests.portal.conftest import rendition_leak

pytestmark = [pytest.mark.django_db, *rendition_leak]


@pytest.fixture(autouse=True)
def _fresh_cache():
    """Wagtail caches renditions by image id; ids repeat between tests, media folders do not."""
    from django.core.cache import cache

    cache.clear()


def _read(document) -> bytes:
    with document.file.open("rb") as handle:
        return handle.read()


def _flat(text: str) -> str:
    return re.sub(r"\s+", " ", text)


@pytest.fixture
def book():
    water = CategoryFactory(name="Agua y medio ambiente", slug="agua")
    health = CategoryFactory(name="Salud comunal", slug="salud")
    book = BookFactory(
        title="Buenas prácticas 2025", presentation="<p>Diez años de innovación municipal.</p>"
    )
    # Chosen out of category order: the book groups them by category, keeping the chosen order within one.
    practices = [
        good_practice_factory(
            title="Telemedicina rural",
            category=health,
            indicators=[("Consultas remotas", "0", "1.250", "consultas")],
        ),
        good_practice_factory(title="Reciclaje de barrio", category=water, main_image=image_factory()),
        good_practice_factory(title="Riego con aguas grises", category=water),
    ]
    for order, practice in enumerate(practices):
        BookEntryFactory(book=book, practice=practice, sort_order=order)
    return book


def test_generated_pdf_contents_list_every_case_in_order_with_page_numbers(book, editor, run_on_commit):
    run_on_commit(services.request_book_generation, book=book, actor=editor)
    book.refresh_from_db()
    assert book.status == BookStatus.READY, book.error
    assert book.progress == 100 and book.document is not None
    reader = PdfReader(io.BytesIO(_read(book.document)))
    pages = [_flat(page.extract_text()) for page in reader.pages]
    expected = ["Reciclaje de barrio", "Riego con aguas grises", "Telemedicina rural"]

    toc = next(text for text in pages if text.startswith("Índice"))
    positions = [toc.index(title) for title in expected]
    assert positions == sorted(positions)
    assert (
        toc.index("Agua y medio ambiente")
        < positions[0]
        < positions[1]
        < toc.index("Salud comunal")
        < positions[2]
    )
    for title in expected:
        number = int(re.search(re.escape(title) + r"[^\d]*?(\d+)", toc).group(1))
        # The page the contents point at is the case's first page (its title and municipality).
        assert title in pages[number - 1], (title, number)
    # Every field of the case format, the indicators table and the link to the online case.
    start = next(i for i, text in enumerate(pages) if text.startswith("CASO 3"))
    health_case = " ".join(pages[start:])
    for label in (
        "Situación previa",
        "Objetivos",
        "Resultados",
        "Consultas remotas",
        "Año de inicio",
        "Región",
    ):
        assert label in health_case
    assert "/biblioteca/" in health_case
    # Bookmarks for the cases (PDF outline) make the file navigable.
    outline_titles = _flat(" ".join(str(item.title) for item in _walk(reader.outline)))
    for title in expected:
        assert title in outline_titles


def _walk(outline):
    for item in outline:
        if isinstance(item, list):
            yield from _walk(item)
        else:
            yield item


def test_same_input_gives_the_same_bytes(book):
    first, digest_first, _ = build_pdf(book)
    second, digest_second, _ = build_pdf(book)
    assert digest_first == digest_second
    assert first == second


def test_regeneration_reuses_the_document_and_reflects_edits(book, editor, run_on_commit):
    run_on_commit(services.request_book_generation, book=book, actor=editor)
    book.refresh_from_db()
    document_id = book.document_id
    entry = book.entries.first()
    practice = entry.practice
    practice.title = "Telemedicina rural ampliada"
    practice.save_revision().publish()
    run_on_commit(services.request_book_generation, book=book, actor=editor)
    book.refresh_from_db()
    assert book.document_id == document_id
    text = _flat(" ".join(page.extract_text() for page in PdfReader(io.BytesIO(_read(book.document))).pages))
    assert "Telemedicina rural ampliada" in text


def test_empty_book_cannot_be_generated(editor):
    from django.core.exceptions import ValidationError

    with pytest.raises(ValidationError):
        services.request_book_generation(book=BookFactory(), actor=editor)


def test_published_book_is_listed_with_its_download(client, book, editor, run_on_commit):
    run_on_commit(services.request_book_generation, book=book, actor=editor)
    assert book.title not in client.get(reverse("difusion:book_list")).content.decode()
    book.published = True
    book.save()  # a stale instance (as in an editor's form): must not undo the generation
    body = client.get(reverse("difusion:book_list")).content.decode()
    assert book.title in body
    book.refresh_from_db()
    assert book.document.url in body
    detail = client.get(reverse("difusion:book_detail", args=[book.slug])).content.decode()
    assert "Telemedicina rural" in detail


def test_call_winners_are_added_once(book, editor):
    from tests.factories.concurso import CallFactory

    call = CallFactory(title="Concurso de Buenas Prácticas Municipales 2025", year=2025)
    winner = good_practice_factory(
        title="Ganadora", competition_name=call.title, competition_result="ganadora"
    )
    mention = good_practice_factory(
        title="Mención", competition_name=call.title, competition_result="mencion"
    )
    good_practice_factory(title="Finalista", competition_name=call.title, competition_result="finalista")
    ids = services.call_practice_ids(call)
    assert set(ids) == {winner.pk, mention.pk}
    assert services.add_practices(book=book, practice_ids=ids, actor=editor) == 2
    assert services.add_practices(book=book, practice_ids=ids, actor=editor) == 0


def test_editor_save_commits_entries_but_not_generation_fields(book):
    from difusion.models import Book, BookEntry

    stale = Book.objects.get(pk=book.pk)
    Book.objects.filter(pk=book.pk).update(status=BookStatus.READY, progress=100)
    extra = good_practice_factory(title="Nueva práctica")
    stale.entries = [*stale.entries.all(), BookEntry(practice=extra, sort_order=99)]
    stale.title = "Título corregido"
    stale.save()
    book.refresh_from_db()
    assert book.title == "Título corregido"
    assert book.status == BookStatus.READY and book.progress == 100
    assert book.entries.filter(practice=extra).exists() and book.entries.count() == 4
