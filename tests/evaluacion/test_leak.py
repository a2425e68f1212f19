"""Proof of blindness on the demo competition: every page and file an evaluator can reach, crawled
from the dashboard, contains no municipality or comuna name, no person's name, no e-mail address.

A journey across every evaluator page (views/, selectors/, redaction), kept in one file on purpose."""

import io
import re
from collections import deque
from html.parser import HTMLParser

import pikepdf
import pytest
from django.core import mail
from PIL import Image
from pypdf import PdfReader

from concurso.models import Call, Submission, SubmissionStatus
from core.models import User
from demo import concurso as concurso_demo
from demo import evaluacion as evaluacion_demo
from evaluacion.models import Assignment, AssignmentStatus
from evaluacion.redaction import fold


class _Links(HTMLParser):
    def __init__(self):
        super().__init__()
        self.links = []

    def handle_starttag(self, tag, attrs):
        if tag == "a":
            href = dict(attrs).get("href") or ""
            if href.startswith("/evaluacion/"):
                self.links.append(href.split("#")[0])


class _Null:
    def write(self, *_args, **_kwargs):
        pass


@pytest.fixture
def demo(db, settings, django_capture_on_commit_callbacks):
    settings.DEMO_USERS_ENABLED = True
    with django_capture_on_commit_callbacks(execute=True):
        concurso_demo.load(stdout=_Null())
        evaluacion_demo.load(stdout=_Null())
    return Call.objects.get(slug=evaluacion_demo.CALL_SLUG)


def identities(call) -> set[str]:
    terms = set()
    for s in Submission.objects.filter(call=call, status=SubmissionStatus.ADMISSIBLE).select_related(
        "municipality__comuna"
    ):
        terms |= {s.municipality.name, s.municipality.comuna.name, s.contact_email, *s.people_names}
        for user in User.objects.filter(municipality=s.municipality):
            terms |= {user.email, user.get_full_name()}
    return {fold(term) for term in terms if term and len(term) > 3}


def identifying_dates(call) -> set[str]:
    """When each entry was created or sent, in the forms a page or file could print it."""
    from django.utils import timezone
    from django.utils.dateformat import format as date_format

    found = set()
    for s in Submission.objects.filter(call=call, status=SubmissionStatus.ADMISSIBLE):
        for moment in (s.submitted_at, s.created_at):
            if moment is None:
                continue
            local = timezone.localtime(moment)
            found |= {
                local.strftime("%d-%m-%Y"),
                local.strftime("%d/%m/%Y"),
                local.strftime("%Y-%m-%d"),
                date_format(local, r"j \d\e F \d\e Y").lower(),
            }
    return found


def leaks(text: str, terms: set[str]) -> list[str]:
    folded = fold(text)
    return sorted(term for term in terms if re.search(rf"(?<!\w){re.escape(term)}(?!\w)", folded))


def crawl(client):
    seen, queue, pages, files = set(), deque(["/evaluacion/"]), {}, {}
    while queue:
        url = queue.popleft()
        if url in seen:
            continue
        seen.add(url)
        response = client.get(url)
        assert response.status_code == 200, url
        if response.streaming:
            # Joining the stream closes the file (the test client wraps it); no response.close(),
            # which would fire request_finished and close the PostgreSQL connection mid-test.
            files[url] = (
                response["Content-Type"],
                response["Content-Disposition"],
                b"".join(response.streaming_content),
            )
            continue
        html = response.content.decode()
        pages[url] = html
        parser = _Links()
        parser.feed(html)
        queue.extend(link for link in parser.links if link not in seen)
    return pages, files


@pytest.mark.parametrize("email", ["evaluador1@demo.cl", "evaluador2@demo.cl", "evaluador3@demo.cl"])
def test_nothing_identifying_reaches_a_demo_evaluator(client, demo, email):
    terms = identities(demo)
    assert "la serena" in terms and "marcela rojas araya" in terms  # the check itself can fail
    client.force_login(User.objects.get(email=email))
    pages, files = crawl(client)
    entry_pages = [url for url in pages if url.startswith("/evaluacion/entrada/")]
    assert len(entry_pages) >= 2
    assert files, "the crawl must reach the attachments"
    dates = identifying_dates(demo)
    assert dates  # the check itself can fail
    for url, html in pages.items():
        assert leaks(html, terms) == [], url
        assert "@" not in re.sub(r"<[^>]+>", "", html).replace("@demo.cl", ""), url
        assert [d for d in dates if d in html.lower()] == [], url
        title = re.search(r"<title>([^<]*)</title>", html).group(1)
        assert re.fullmatch(r"[^·]*· Portal de Buenas Prácticas Municipales", title) or "BP26-" in title, (
            title
        )
    for url, (content_type, disposition, data) in files.items():
        assert re.search(r'filename="BP26-[0-9A-Z]{5}-anexo-\d+\.(pdf|jpg|png)"', disposition), disposition
        assert leaks(data.decode("latin-1"), terms) == [], url
        if content_type == "application/pdf":
            text = "\n".join(page.extract_text() or "" for page in PdfReader(io.BytesIO(data)).pages)
            assert "[reservado]" in text
            assert leaks(text, terms) == [], url
            with pikepdf.open(io.BytesIO(data)) as pdf:
                assert "/Metadata" not in pdf.Root
                assert "/Info" not in pdf.trailer
        else:
            assert not Image.open(io.BytesIO(data)).getexif()


def test_assignment_e_mails_carry_codes_only(demo):
    terms = identities(demo)
    assignment_mails = [m for m in mail.outbox if "asignadas" in m.subject]
    assert assignment_mails
    for message in assignment_mails:
        assert leaks(message.subject + message.body, terms) == []
        assert re.search(r"BP26-[0-9A-Z]{5}", message.body)


def test_demo_is_idempotent_and_complete(demo):
    before = (
        Assignment.objects.filter(submission__call=demo).count(),
        sum(1 for a in Assignment.objects.filter(submission__call=demo) if hasattr(a, "review")),
    )
    evaluacion_demo.load(stdout=_Null())
    after = (
        Assignment.objects.filter(submission__call=demo).count(),
        sum(1 for a in Assignment.objects.filter(submission__call=demo) if hasattr(a, "review")),
    )
    assert before == after

    rows = call_scores(demo)
    assert sum(row.flagged for row in rows) >= 1
    assert any(abs(row.score.mean - row.score.normalised_mean) > 1 for row in rows if row.score)
    assert Assignment.objects.filter(
        submission__call=demo, status=AssignmentStatus.RELEASED
    ).count() >= 3 * len(rows)


def test_declared_conflict_flow_and_the_replacement_e_mail_stay_blind(
    client, demo, django_capture_on_commit_callbacks
):
    terms = identities(demo)
    evaluator = User.objects.get(email="evaluador3@demo.cl")
    pending = (
        Assignment.objects.filter(evaluator=evaluator, status=AssignmentStatus.RELEASED, review__isnull=True)
        .select_related("submission")
        .first()
    )
    code = pending.submission.code
    client.force_login(evaluator)
    form = client.get(f"/evaluacion/entrada/{code}/conflicto/")
    assert form.status_code == 200 and leaks(form.content.decode(), terms) == []
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            f"/evaluacion/entrada/{code}/conflicto/", {"reason": "Conozco al equipo."}, follow=True
        )
    html = response.content.decode()
    assert f"La postulación {code} fue reasignada" in html
    assert f'href="/evaluacion/entrada/{code}/"' not in html  # gone from the dashboard
    assert leaks(html, terms) == []
    # The entry is gone for this evaluator, and the error page says nothing about it.
    refused = client.get(f"/evaluacion/entrada/{code}/")
    assert refused.status_code == 404 and leaks(refused.content.decode(), terms) == []
    [notice] = [m for m in mail.outbox if "asignadas" in m.subject]
    assert notice.to != [evaluator.email] and code in notice.body
    assert leaks(notice.subject + notice.body, terms) == []


# --- the same crawl with identities planted in the hard forms of issue 10 ---------------------

import unicodedata  # noqa: E402

from django.core.files.base import ContentFile  # noqa: E402

from concurso.models import SubmissionAttachment  # noqa: E402
from evaluacion import gazetteer  # noqa: E402
from evaluacion.redaction import normalise  # noqa: E402
from evaluacion.selectors.scores import call_scores  # noqa: E402
from tests.evaluacion.conftest import identified_pdf  # noqa: E402

CYRILLIC = str.maketrans({"a": "а", "e": "е", "o": "о", "c": "с", "p": "р", "A": "А", "E": "Е", "O": "О"})
UNREGISTERED = "Juan Pérez González"


def _fullwidth(text):
    return "".join(chr(ord(c) + 0xFEE0) if "!" <= c <= "~" else c for c in text)


def _plant(submission) -> tuple[str, list[str]]:
    """(text for a field, lines for a PDF) naming the entry's municipality in every hard form."""
    comuna = submission.municipality.comuna
    name, region, province = comuna.name, comuna.region, comuna.province
    last = name.split()[-1]
    cut = max(2, len(last) // 2)
    head = name[: len(name) - len(last)]
    spaced = "  ".join(" ".join(word) for word in name.split())
    demonym = gazetteer.places_data()["demonyms"][comuna.code][0]
    short = gazetteer.places_data()["short_forms"].get(comuna.code, [])
    squashed = name.replace(" ", "")
    field = "\n".join(
        [
            f"Vecinos de {unicodedata.normalize('NFD', name)} participaron.",
            f"Equipo de {spaced} en terreno.",
            f"Trabajamos en {head}{last[:cut]}-\n{last[cut:]} durante el año.",
            f"Apoyo de {name[:2]}\u00ad{name[2:]} y de {name[:1]}\u200b{name[1:]}.",
            f"Con {_fullwidth(name)} y con {name.translate(CYRILLIC)}.",
            f"Las familias {demonym}s se sumaron.",
            "Dirección: Av. Francisco de Aguirre 020; fono 220 6600.",
            f"Instagram muni{gazetteer.fold(squashed)} y #{squashed}2026, también {name.replace(' ', '_')}.",
            f"Somos la {region.roman} Región, provincia de {province.name}.",
            *(f"Como dicen en {form}, se puede." for form in short[:1]),
            f"Responsable: {UNREGISTERED}, Director de Aseo y Ornato.",
            "En el sector Las Compañías habló el alcalde Rolando Fuentealba Ibarra."
            if comuna.code == "04101"
            else "",
        ]
    )
    pdf_lines = [
        f"Responsable: {UNREGISTERED}, Director de Aseo y Ornato",
        f"Trabajamos en {head}{last[:cut]}-",
        f"{last[cut:]} con las familias {demonym}s.",
        spaced,
        "Av. Francisco de Aguirre 020, fono 220 6600",
        f"Instagram muni{gazetteer.fold(squashed)} #{squashed}2026",
        f"{region.roman} Región, provincia de {province.name}",
    ]
    return field, pdf_lines


def _identifiers(submission) -> tuple[set[str], set[str]]:
    """(whole-word identifiers, identifiers searched inside words), folded."""
    comuna = submission.municipality.comuna
    demonym = gazetteer.places_data()["demonyms"][comuna.code][0]
    words = {
        fold(comuna.name),
        fold(comuna.province.name),
        fold(comuna.region.short_name),
        "francisco de aguirre",
        "220 6600",
        "juan perez",
        "perez gonzalez",
        f"{comuna.region.roman.lower()} region",
        *gazetteer.inflections(demonym),
        *(fold(f) for f in gazetteer.places_data()["short_forms"].get(comuna.code, [])),
    }
    if comuna.code == "04101":
        words |= {"las companias", "fuentealba", "rolando"}
    squashed = fold(comuna.name).replace(" ", "")
    inside = {f"muni{squashed}"} | ({squashed} if " " in comuna.name else set())
    return words, inside


@pytest.fixture
def planted(db, settings, django_capture_on_commit_callbacks):
    settings.DEMO_USERS_ENABLED = True
    with django_capture_on_commit_callbacks(execute=True):
        concurso_demo.load(stdout=_Null())
        call = Call.objects.get(slug=evaluacion_demo.CALL_SLUG)
        for submission in Submission.objects.filter(
            call=call, status=SubmissionStatus.ADMISSIBLE
        ).select_related("municipality__comuna__province", "municipality__comuna__region"):
            field, lines = _plant(submission)
            submission.description = f"{submission.description}\n\n{field}"
            submission.save(update_fields=["description"])
            data = identified_pdf(title="Anexo", author="Anónimo", lines=lines)
            attachment = SubmissionAttachment(
                submission=submission,
                original_name="anexo-terreno.pdf",
                content_type="application/pdf",
                size=len(data),
                uploaded_by=submission.created_by,
            )
            attachment.file.save("anexo-terreno.pdf", ContentFile(data), save=False)
            attachment.save()
        evaluacion_demo.load(stdout=_Null())
    return call


def _hard_leaks(text: str, words: set[str], inside: set[str]) -> list[str]:
    view = fold(normalise(text).text)
    # Letters only as word boundaries: "#talca2026" and "la_serena" count as "talca", "la serena".
    found = [w for w in words if re.search(rf"(?<![a-z]){re.escape(w)}(?![a-z])", view.replace("_", " "))]
    squeezed = re.sub(r"[_\-]", "", view)
    return sorted(found + [w for w in inside if w in squeezed])


@pytest.mark.parametrize("email", ["evaluador1@demo.cl", "evaluador2@demo.cl", "evaluador3@demo.cl"])
def test_planted_hard_forms_never_reach_a_demo_evaluator(client, planted, email):
    words, inside = set(), set()
    submissions = Submission.objects.filter(call=planted, status=SubmissionStatus.ADMISSIBLE).select_related(
        "municipality__comuna__province", "municipality__comuna__region"
    )
    for submission in submissions:
        w, i = _identifiers(submission)
        words |= w
        inside |= i
    # The check itself can fail: the planted text, read the same way, is full of identities.
    field, _lines = _plant(submissions.filter(municipality__comuna__code="04101").first())
    assert {"la serena", "serenenses", "juan perez", "iv region", "elqui", "las companias"} <= set(
        _hard_leaks(field, words, inside)
    )
    assert "laserena" in _hard_leaks("#LaSerena2026", words, inside)
    client.force_login(User.objects.get(email=email))
    pages, files = crawl(client)
    entry_pages = [url for url in pages if url.startswith("/evaluacion/entrada/")]
    assert len(entry_pages) >= 2
    planted_pdfs = 0
    for url, html in pages.items():
        assert _hard_leaks(re.sub(r"<[^>]+>", " ", html), words, inside) == [], url
    for url, (content_type, _disposition, data) in files.items():
        if content_type == "application/pdf":
            text = "\n".join(page.extract_text() or "" for page in PdfReader(io.BytesIO(data)).pages)
            planted_pdfs += "Director de Aseo y Ornato" in text
            assert _hard_leaks(text, words, inside) == [], url
    assert planted_pdfs >= 2  # the crawl reached the planted attachments
