"""Wagtail admin viewsets of the portal."""

from wagtail.users.views.users import UserViewSet as WagtailUserViewSet

from portal.forms import PortalUserCreationForm, PortalUserEditForm


class UserViewSet(WagtailUserViewSet):
    """Wagtail's user screens plus the municipality an applicant belongs to (and its check)."""

    create_template_name = "portal/admin/user_create.html"
    edit_template_name = "portal/admin/user_edit.html"

    def get_form_class(self, for_update=False):
        return PortalUserEditForm if for_update else PortalUserCreationForm
