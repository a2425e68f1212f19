"""Every screen of the Wagtail admin menu opens for a superuser (no unused app left behind that fails,
as wagtail.contrib.forms did with no form pages)."""

import pytest
from django.apps import apps
from django.test import RequestFactory
from wagtail.admin.menu import SubmenuMenuItem, admin_menu

from tests.factories.core import UserFactory

pytestmark = pytest.mark.django_db


def _menu_urls(menu, request):
    for item in menu.menu_items_for_request(request):
        if isinstance(item, SubmenuMenuItem):
            yield from _menu_urls(item.menu, request)
        elif item.url.startswith("/admin/"):
            yield item.url


def test_unused_wagtail_apps_are_not_installed():
    assert not apps.is_installed("wagtail.contrib.forms")
    assert not apps.is_installed("wagtail.contrib.settings")


def test_every_admin_menu_screen_opens(client, home):
    superuser = UserFactory(is_superuser=True, is_staff=True)
    request = RequestFactory().get("/admin/")
    request.user = superuser
    urls = sorted(set(_menu_urls(admin_menu, request)))
    assert "/admin/users/" in urls and "/admin/images/" in urls and "/admin/redirects/" in urls

    client.force_login(superuser)
    failures = {url: status for url in urls if (status := client.get(url).status_code) != 200}

    assert failures == {}
