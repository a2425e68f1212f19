"""Storage for files that must never be public: submission attachments, blind copies, exports."""

import os

from django.conf import settings
from django.core.files.storage import FileSystemStorage


class PrivateStorage(FileSystemStorage):
    """PRIVATE_MEDIA_ROOT, read when used (tests and deployments change it), with no public URL.

    Files here are served only by views that check permissions for the object they belong to.
    """

    @property
    def base_location(self):
        return settings.PRIVATE_MEDIA_ROOT

    @property
    def location(self):
        return os.path.abspath(self.base_location)

    @property
    def base_url(self):
        return None


def private_storage():
    return PrivateStorage()
