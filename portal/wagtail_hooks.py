"""Wagtail admin registrations: the shared vocabularies as snippets, grouped in one menu."""

from django.contrib import messages
from django.shortcuts import redirect
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet, SnippetViewSetGroup

from core.models import Category, Role, SustainableDevelopmentGoal, Theme


class CategoryViewSet(SnippetViewSet):
    model = Category
    icon = "folder-open-inverse"
    menu_label = _("Categorías")
    list_display = ["name", "slug", "order"]
    search_fields = ["name"]
    ordering = ["order", "name"]


class ThemeViewSet(SnippetViewSet):
    model = Theme
    icon = "tag"
    menu_label = _("Temas")
    list_display = ["name", "slug"]
    search_fields = ["name"]


class SustainableDevelopmentGoalViewSet(SnippetViewSet):
    """The 17 ODS are reference data from a migration: editors may look, not change."""

    model = SustainableDevelopmentGoal
    icon = "globe"
    menu_label = _("ODS")
    list_display = ["number", "name"]
    ordering = ["number"]
    inspect_view_enabled = True


class VocabularyViewSetGroup(SnippetViewSetGroup):
    items = (CategoryViewSet, ThemeViewSet, SustainableDevelopmentGoalViewSet)
    menu_icon = "list-ul"
    menu_label = _("Vocabularios")
    menu_name = "vocabularios"


register_snippet(VocabularyViewSetGroup)


@hooks.register("before_bulk_action")
def refuse_applicant_role_without_municipality(request, action_type, objects, action_class_instance):
    """The users listing's bulk "assign role" skips the user form (and its municipality check):
    an applicant must belong to a municipality, so assigning that role to users without one stops."""
    if action_type != "assign_role":
        return None
    role = action_class_instance.cleaned_form.cleaned_data.get("role")
    # Applicants and municipal quality teams both belong to one municipality.
    if role is None or role.name not in (Role.APPLICANT, Role.QUALITY_TEAM):
        return None
    missing = [user for user in objects if getattr(user, "municipality_id", None) is None]
    if not missing:
        return None
    messages.error(
        request,
        gettext(
            "No se asignó el rol: %(users)s no tienen municipalidad. Edite cada usuario y elija su municipalidad."
        )
        % {"users": ", ".join(user.email for user in missing)},
    )
    return redirect(action_class_instance.next_url)
