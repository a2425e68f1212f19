from django.db.models import QuerySet
from django.utils import timezone

from concurso.models import Call


def open_calls(*, now=None) -> QuerySet[Call]:
    now = now or timezone.now()
    return Call.objects.filter(submissions_open_at__lte=now, submissions_close_at__gt=now).order_by("submissions_close_at")
