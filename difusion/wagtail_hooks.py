"""Editors manage books and events in the Wagtail admin (snippets); generation and attendance
have their own screens under /difusion/."""

from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.menu import MenuItem
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet

from .models import Book, Event


class BookViewSet(SnippetViewSet):
    model = Book
    icon = "doc-full"
    menu_label = _("Libros")
    menu_order = 310
    add_to_admin_menu = True
    list_display = ["title", "year", "status", "published"]
    search_fields = ["title"]


class EventViewSet(SnippetViewSet):
    model = Event
    icon = "date"
    menu_label = _("Eventos")
    menu_order = 311
    add_to_admin_menu = True
    list_display = ["title", "kind", "starts_at", "published"]
    list_filter = ["kind", "published"]
    search_fields = ["title"]


register_snippet(BookViewSet)
register_snippet(EventViewSet)


@hooks.register("register_admin_menu_item")
def difusion_menu_item():
    return MenuItem(
        _("Difusión: generar libros y asistencia"),
        reverse("difusion:staff_home"),
        icon_name="site",
        order=312,
    )
