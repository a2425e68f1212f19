"""URLs of bench/bench_pages.py: the product's URLs plus a bare Django view of any size.

The bare view goes through the same middleware as every page and returns `size` bytes of HTML
without touching the database or a template: the baseline the issue compares pages with."""

from django.http import HttpResponse
from django.urls import path

from portal.urls import handler404, handler500  # noqa: F401
from portal.urls import urlpatterns as product_urlpatterns

_CHUNK = b"<p>Texto de relleno de la vista de referencia.</p>\n"


def bare(request, size: int):
    body = (_CHUNK * (size // len(_CHUNK) + 1))[:size]
    return HttpResponse(body, content_type="text/html; charset=utf-8")


urlpatterns = [path("__bench__/bare/<int:size>/", bare), *product_urlpatterns]
