"""Response headers every page gets (the Content-Security-Policy itself comes from django-csp).

- ``Permissions-Policy`` (PERMISSIONS_POLICY): the portal uses no camera, microphone, location,
  payment or USB; saying so stops an injected script or a framed page from asking for them.
- ``Cache-Control: private`` on every response to a signed-in user (unless the view already chose
  ``no-store``/``private``), so a shared cache or a proxy never stores a page built for one person.
"""

from __future__ import annotations

from django.conf import settings
from django.utils.cache import patch_cache_control, patch_vary_headers


def _permissions_policy() -> str:
    policy = getattr(settings, "PERMISSIONS_POLICY", {})
    parts = []
    for feature, origins in policy.items():
        allowed = " ".join("self" if origin == "self" else f'"{origin}"' for origin in origins)
        parts.append(f"{feature}=({allowed})")
    return ", ".join(parts)


class SecurityHeadersMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response
        self.permissions_policy = _permissions_policy()

    def __call__(self, request):
        response = self.get_response(request)
        if self.permissions_policy:
            response.headers.setdefault("Permissions-Policy", self.permissions_policy)
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated:
            current = response.headers.get("Cache-Control", "")
            if "no-store" not in current and "private" not in current:
                # "public" and shared-cache ages would contradict "private": drop them.
                directives = [
                    part.strip()
                    for part in current.split(",")
                    if part.strip() and not part.strip().startswith(("public", "s-maxage"))
                ]
                response.headers["Cache-Control"] = ", ".join(directives)
                if not response.headers["Cache-Control"]:
                    del response.headers["Cache-Control"]
                patch_cache_control(response, private=True)
            patch_vary_headers(response, ("Cookie",))
        return response
