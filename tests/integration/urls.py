"""A minimal user action that queues work, for the broker-down tests (mounted with @pytest.mark.urls)."""

from django.db import transaction
from django.http import HttpResponse
from django.urls import include, path

from core.models import User
from core.tasks import send_email
from core.taskutils import enqueue_with_options


@transaction.atomic
def register_contact(request):
    """Create an account and queue its welcome e-mail: the shape of every real action (write + task)."""
    email = request.POST["email"]
    user = User.objects.create_user(email=email, password=None)
    options = {"queue": request.POST["queue"]} if request.POST.get("queue") else {}
    enqueue_with_options(
        send_email,
        kwargs={"key": f"welcome:{user.pk}", "to": [email], "subject": "Bienvenida", "body": "Hola"},
        **options,
    )
    return HttpResponse(f"ok {user.pk}")


urlpatterns = [
    path("accion/", register_contact, name="register_contact"),
    path("", include("portal.urls")),
]
