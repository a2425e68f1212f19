"""Every answer of the API is checked against the API's own OpenAPI document (openapi-core)."""

import json

import pytest
from django.urls import reverse
from django.utils import timezone
from openapi_core import OpenAPI
from openapi_core.contrib.django import DjangoOpenAPIRequest, DjangoOpenAPIResponse

from concurso.models import SubmissionStatus
from core.models import Category
from evaluacion.models import DecisionChoice
from tests.factories.concurso import CallFactory, SubmissionFactory
from tests.factories.difusion import EventFactory
from tests.factories.evaluacion import DecisionFactory
from tests.factories.portal import distinction_factory, good_practice_factory


@pytest.fixture
def openapi(client, db):
    document = json.loads(client.get(reverse("api:schema"), {"format": "json"}).content)
    document["servers"] = [{"url": "http://testserver"}]
    return OpenAPI.from_dict(document)


@pytest.fixture
def content(library, distinction_index):
    practice = good_practice_factory(parent=library, indicators=[("Reclamos", "120", "30", "al mes")])
    distinction = distinction_factory(parent=distinction_index, projects=["Proyecto"])
    call = CallFactory(results_published_at=timezone.now())
    category = Category.objects.create(name="Participación", slug="participacion-oa")
    call.categories.add(category)
    submission = SubmissionFactory(call=call, status=SubmissionStatus.ADMISSIBLE, category=category)
    DecisionFactory(submission=submission, outcome=DecisionChoice.MENTION)
    return {"practice": practice, "distinction": distinction, "call": call, "event": EventFactory()}


def test_every_endpoint_answers_as_its_openapi_document_says(client, openapi, content):
    urls = [
        reverse("api:root"),
        reverse("api:practice-list"),
        reverse("api:practice-list") + "?categoria=" + content["practice"].category.slug,
        reverse("api:practice-detail", args=[content["practice"].pk]),
        reverse("api:distinction-list"),
        reverse("api:distinction-detail", args=[content["distinction"].pk]),
        reverse("api:call-list"),
        reverse("api:call-detail", args=[content["call"].slug]),
        reverse("api:comuna-list"),
        reverse("api:comuna-detail", args=["04101"]),
        reverse("api:event-list"),
        reverse("api:event-detail", args=[content["event"].slug]),
        reverse("api:quality-statistics"),
    ]
    for url in urls:
        response = client.get(url)
        assert response.status_code == 200, url
        openapi.validate_response(
            DjangoOpenAPIRequest(response.wsgi_request), DjangoOpenAPIResponse(response)
        )


def test_a_response_that_breaks_the_document_is_caught(client, openapi, content):
    # The check above can fail: a wrong field type in an answer is reported.
    response = client.get(reverse("api:comuna-detail", args=["04101"]))
    response.content = json.dumps({"codigo": 4101, "nombre": "La Serena"}).encode()
    with pytest.raises(Exception, match="(?i)invalid|error"):
        openapi.validate_response(
            DjangoOpenAPIRequest(response.wsgi_request), DjangoOpenAPIResponse(response)
        )
