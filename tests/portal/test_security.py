"""Log-in and response hardening: the client's address behind the proxy, password spraying, the
password reset, case-insensitive e-mail, staff sessions, CSP, Permissions-Policy, Cache-Control."""

import pytest
from django.core import mail
from django.core.cache import cache
from django.test import RequestFactory
from django.urls import reverse

from core.models import SentEmail
from portal.security import client_ip
from tests.factories.core import PASSWORD, UserFactory
from tests.factories.portal import home_page_factory

pytestmark = pytest.mark.django_db

PROXY = "10.0.0.2"  # the reverse proxy: every request reaches the app from it


@pytest.fixture(autouse=True)
def _axes_on(settings):
    settings.AXES_ENABLED = True
    cache.clear()


def _login(client, email, password, *, client_address, forwarded_prefix=""):
    """A log-in POST as the documented nginx sends it: REMOTE_ADDR is the proxy, the client's
    address is appended to X-Forwarded-For (after whatever the client wrote there itself)."""
    forwarded = f"{forwarded_prefix}, {client_address}" if forwarded_prefix else client_address
    return client.post(
        reverse("portal:login"),
        {"username": email, "password": password},
        REMOTE_ADDR=PROXY,
        HTTP_X_FORWARDED_FOR=forwarded,
    )


# --- the client's address ------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("proxies", "remote", "forwarded", "expected"),
    [
        (0, "200.1.1.1", "", "200.1.1.1"),
        (0, PROXY, "6.6.6.6", PROXY),  # no proxy configured: the header is the client's to forge
        (1, PROXY, "200.1.1.1", "200.1.1.1"),
        (1, PROXY, "6.6.6.6, 200.1.1.1", "200.1.1.1"),  # what the client wrote itself is ignored
        (2, PROXY, "6.6.6.6, 200.1.1.1, 10.0.0.9", "200.1.1.1"),  # CDN + nginx
        (1, PROXY, "", PROXY),  # reached the app directly, not through the proxy
        (1, PROXY, "no-es-una-ip", PROXY),
        (1, PROXY, "2800:150::1", "2800:150::1"),
    ],
)
def test_client_ip_behind_the_trusted_proxies(settings, proxies, remote, forwarded, expected):
    settings.TRUSTED_PROXY_COUNT = proxies
    request = RequestFactory().get("/", REMOTE_ADDR=remote, HTTP_X_FORWARDED_FOR=forwarded)
    assert client_ip(request) == expected


def test_behind_the_proxy_one_clients_failures_do_not_lock_the_account_for_everyone(client, settings):
    settings.TRUSTED_PROXY_COUNT = 1
    UserFactory(email="alcalde@muni.cl")
    for _ in range(settings.AXES_FAILURE_LIMIT):
        _login(client, "alcalde@muni.cl", "equivocada", client_address="190.5.5.5")

    # The attacker is locked out, even if they forge another address in front of theirs...
    assert _login(client, "alcalde@muni.cl", PASSWORD, client_address="190.5.5.5").status_code == 429
    assert (
        _login(
            client, "alcalde@muni.cl", PASSWORD, client_address="190.5.5.5", forwarded_prefix="1.2.3.4"
        ).status_code
        == 429
    )
    # ...while the account's owner, from their own address, logs in.
    assert _login(client, "alcalde@muni.cl", PASSWORD, client_address="200.27.1.1").status_code == 302


def test_password_spraying_from_one_address_is_stopped(client, settings):
    settings.TRUSTED_PROXY_COUNT = 1
    settings.AXES_ADDRESS_FAILURE_LIMIT = 6
    victims = [UserFactory(email=f"persona{n}@muni.cl") for n in range(8)]
    # One wrong password per account: never five on the same account.
    for victim in victims[:5]:
        assert _login(client, victim.email, "Verano2026", client_address="190.5.5.5").status_code == 200
    # The sixth failure from that address, whatever the account, locks the address out.
    assert _login(client, victims[5].email, "Verano2026", client_address="190.5.5.5").status_code == 429
    assert _login(client, victims[7].email, PASSWORD, client_address="190.5.5.5").status_code == 429
    # Other clients behind the same proxy are not affected.
    assert _login(client, victims[7].email, PASSWORD, client_address="200.27.1.1").status_code == 302


def test_log_in_by_email_ignores_case_and_so_does_the_lockout(client, settings):
    user = UserFactory(email="ana@laserena.cl")
    response = client.post(reverse("portal:login"), {"username": "  Ana@LaSerena.CL", "password": PASSWORD})
    assert response.status_code == 302
    assert int(client.session["_auth_user_id"]) == user.pk
    client.logout()

    # Changing the case does not buy more attempts.
    for n in range(settings.AXES_FAILURE_LIMIT):
        email = "ana@laserena.cl".upper() if n % 2 else "ana@laserena.cl"
        client.post(reverse("portal:login"), {"username": email, "password": "equivocada"})
    assert (
        client.post(
            reverse("portal:login"), {"username": "ANA@laserena.cl", "password": PASSWORD}
        ).status_code
        == 429
    )


# --- password reset ------------------------------------------------------------------------------


def test_password_reset_goes_through_the_queue_once_per_window(client, django_capture_on_commit_callbacks):
    user = UserFactory(email="ana@laserena.cl")
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        response = client.post(reverse("portal:password_reset"), {"email": "ANA@laserena.cl"})
    assert response.status_code == 302
    assert len(mail.outbox) == 0  # nothing sent inside the request
    assert len(callbacks) == 1  # queued for after the commit
    for callback in callbacks:
        callback()
    assert len(mail.outbox) == 1 and mail.outbox[0].to == ["ana@laserena.cl"]
    assert "/cuenta/clave/nueva/" in mail.outbox[0].body

    # Asking again at once sends nothing more (the outbox key carries the 15-minute window).
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("portal:password_reset"), {"email": "ana@laserena.cl"})
    assert len(mail.outbox) == 1
    assert SentEmail.objects.filter(key__startswith=f"password-reset:{user.pk}:").count() == 1


def test_password_reset_requests_are_limited_per_address(
    client, settings, django_capture_on_commit_callbacks
):
    settings.PASSWORD_RESET_ADDRESS_LIMIT = 3
    for n in range(3):
        UserFactory(email=f"persona{n}@muni.cl")
    with django_capture_on_commit_callbacks(execute=True):
        for n in range(3):
            assert (
                client.post(reverse("portal:password_reset"), {"email": f"persona{n}@muni.cl"}).status_code
                == 302
            )
        refused = client.post(reverse("portal:password_reset"), {"email": "otra@muni.cl"})
    assert refused.status_code == 200
    assert "demasiadas solicitudes" in refused.content.decode().lower()
    assert len(mail.outbox) == 3


# --- sessions ------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("role", "short"),
    [
        ("editor", True),
        ("coordinator", True),
        ("committee", True),
        ("applicant", False),
        ("evaluator", False),
    ],
)
def test_staff_sessions_are_shorter_than_public_ones(client, settings, role, short):
    user = UserFactory(**{role: True})
    client.post(reverse("portal:login"), {"username": user.email, "password": PASSWORD})
    expected = settings.STAFF_SESSION_COOKIE_AGE if short else settings.SESSION_COOKIE_AGE
    assert client.session.get_expiry_age() == expected
    assert settings.STAFF_SESSION_COOKIE_AGE < settings.SESSION_COOKIE_AGE


# --- headers -------------------------------------------------------------------------------------


def test_public_pages_carry_a_content_security_policy_and_a_permissions_policy(client):
    home_page_factory()
    response = client.get("/")
    assert response.status_code == 200
    policy = response["Content-Security-Policy"]
    assert "default-src 'self'" in policy and "script-src 'self'" in policy
    assert (
        "unsafe-inline" not in policy and "object-src 'none'" in policy and "frame-ancestors 'self'" in policy
    )
    assert (
        "camera=()" in response["Permissions-Policy"] and "geolocation=()" in response["Permissions-Policy"]
    )
    assert "private" not in response.get("Cache-Control", "")


def test_pages_for_a_signed_in_user_are_private(client):
    user = UserFactory(applicant=True)
    client.force_login(user)
    for url in (reverse("portal:account"), reverse("concurso:dashboard"), "/api/territorio/comunas/"):
        response = client.get(url)
        assert response.status_code == 200, url
        assert "private" in response["Cache-Control"], url
        assert "public" not in response["Cache-Control"], url
        assert "Cookie" in response["Vary"], url
    client.logout()
    assert "private" not in client.get("/api/territorio/comunas/").get("Cache-Control", "")


def test_the_api_documentation_page_runs_under_the_policy(client):
    """Swagger UI (drf-spectacular's split view) loads its scripts from files; its one inline style
    block is allowed by its hash, recomputed here so an upgrade that changes it fails loudly."""
    import base64
    import hashlib
    import re

    response = client.get("/api/v1/docs/")
    assert response.status_code == 200
    html = response.content.decode()
    assert not re.search(r"<script>(?!\s*</script>)", html)  # no inline script
    for block in re.findall(r"<style>(.*?)</style>", html, flags=re.S):
        digest = base64.b64encode(hashlib.sha256(block.encode()).digest()).decode()
        assert f"'sha256-{digest}'" in response["Content-Security-Policy"]
