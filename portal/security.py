"""Log-in hardening: the client's real address behind the proxy, a per-address throttle across
accounts, request throttles, and shorter sessions for staff.

- ``client_ip(request)``: the address of the client as seen by the outermost trusted proxy.
  Behind ``TRUSTED_PROXY_COUNT`` reverse proxies (each appending to X-Forwarded-For), the client is
  the entry that many places from the right; anything to its left was written by the client and is
  ignored. With 0 (no proxy) REMOTE_ADDR is used. django-axes uses it (AXES_CLIENT_IP_CALLABLE),
  so one client's failures never lock out everyone behind the same proxy.
- ``PortalAxesHandler``: axes' database handler (locks a user + address pair after
  AXES_FAILURE_LIMIT failures) plus a limit on failures *per address across all accounts*
  (AXES_ADDRESS_FAILURE_LIMIT), which stops password spraying: one address trying one password
  against many accounts.
- ``throttle(scope, ident, limit=..., window=...)``: a fixed-window counter in the cache (password
  reset requests). With the cache down it lets the request through (logged): an outage of Redis must
  not stop people from resetting their password.
- ``shorten_staff_session``: staff, editors and the committee get STAFF_SESSION_COOKIE_AGE instead of
  SESSION_COOKIE_AGE.
"""

from __future__ import annotations

import ipaddress
import logging
from datetime import timedelta

from axes.handlers.database import AxesDatabaseHandler
from axes.helpers import get_cool_off
from axes.models import AccessAttempt
from django.conf import settings
from django.core.cache import cache
from django.db.models import Sum
from django.utils import timezone

logger = logging.getLogger(__name__)


def _valid_ip(value: str) -> str | None:
    value = (value or "").strip()
    if value.startswith("[") and "]" in value:  # [v6]:port
        value = value[1 : value.index("]")]
    elif value.count(":") == 1:  # v4:port
        value = value.split(":", 1)[0]
    try:
        return str(ipaddress.ip_address(value))
    except ValueError:
        return None


def client_ip(request) -> str | None:
    """The client's address: TRUSTED_PROXY_COUNT entries from the right of X-Forwarded-For."""
    remote = _valid_ip(request.META.get("REMOTE_ADDR", ""))
    trusted = getattr(settings, "TRUSTED_PROXY_COUNT", 0)
    if trusted <= 0:
        return remote
    forwarded = [part for part in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",") if part.strip()]
    if len(forwarded) < trusted:
        # The request did not pass through every proxy we expect (a direct hit on the app server):
        # nothing in the header can be trusted.
        return remote
    return _valid_ip(forwarded[-trusted]) or remote


def address_failures(ip_address: str | None) -> int:
    """Failed log-ins from one address, over every account, within the cool-off period."""
    if not ip_address:
        return 0
    queryset = AccessAttempt.objects.filter(ip_address=ip_address)
    cool_off = get_cool_off()
    if cool_off:
        queryset = queryset.filter(attempt_time__gte=timezone.now() - cool_off)
    return queryset.aggregate(total=Sum("failures_since_start"))["total"] or 0


class PortalAxesHandler(AxesDatabaseHandler):
    """Locks user + address after AXES_FAILURE_LIMIT failures, and an address after
    AXES_ADDRESS_FAILURE_LIMIT failures over all accounts."""

    def _address_locked(self, request) -> bool:
        ip_address = getattr(request, "axes_ip_address", None) or client_ip(request)
        limit = settings.AXES_ADDRESS_FAILURE_LIMIT
        if limit and address_failures(ip_address) >= limit:
            logger.warning("Demasiados intentos fallidos desde %s en varias cuentas: bloqueado", ip_address)
            return True
        return False

    def is_locked(self, request, credentials=None) -> bool:
        return super().is_locked(request, credentials) or self._address_locked(request)

    def user_login_failed(self, sender, credentials: dict, request=None, **kwargs):
        super().user_login_failed(sender, credentials, request, **kwargs)
        # Axes marks the request as locked out (its 429 page) from the user + address count only.
        if (
            request is not None
            and not getattr(request, "axes_locked_out", False)
            and self._address_locked(request)
        ):
            request.axes_locked_out = True
            request.axes_credentials = credentials


def throttle(scope: str, ident: str, *, limit: int, window: timedelta) -> bool:
    """Count one request of ``ident`` in ``scope``; False when it is over ``limit`` in ``window``."""
    key = f"throttle:{scope}:{ident}"
    seconds = max(1, int(window.total_seconds()))
    try:
        cache.add(key, 0, seconds)
        count = cache.incr(key)
    except ValueError:
        logger.warning("Límite de solicitudes %s sin caché disponible: se permite", scope)
        return True
    return count <= limit


def is_privileged(user) -> bool:
    """Accounts that see unpublished or identified data: staff, editors, the committee."""
    return bool(
        user.is_staff
        or user.is_superuser
        or getattr(user, "is_coordinator", False)
        or getattr(user, "is_editor", False)
        or getattr(user, "is_committee", False)
    )


def shorten_staff_session(sender, request, user, **kwargs):
    """user_logged_in receiver: a shorter session (and cookie) for privileged accounts."""
    if request is None or not hasattr(request, "session"):
        return
    if is_privileged(user):
        request.session.set_expiry(settings.STAFF_SESSION_COOKIE_AGE)


def axes_username(request, credentials=None) -> str | None:
    """The e-mail axes counts failures under, lower-cased like the log-in itself (case-insensitive):
    otherwise ``Ana@muni.cl`` and ``ANA@muni.cl`` would each get their own five attempts."""
    field = settings.AXES_USERNAME_FORM_FIELD
    value = (credentials or {}).get(field) if credentials else None
    if value is None and request is not None:
        value = request.POST.get(field)
    return value.strip().lower() if isinstance(value, str) else value
