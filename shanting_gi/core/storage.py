"""Storage for uploads that must never be reachable by URL: complaint photos, producers'
application documents. They live outside MEDIA_ROOT (which the web server may publish) and
are served only by views that check who is asking."""

import os

from django.conf import settings
from django.core.files.storage import FileSystemStorage


class PrivateStorage(FileSystemStorage):
    """FileSystemStorage under PRIVATE_MEDIA_ROOT, read at each use (tests override it),
    with no URL at all: `.url` raises instead of pointing anywhere."""

    @property
    def base_location(self):
        return str(settings.PRIVATE_MEDIA_ROOT)

    @property
    def location(self):
        return os.path.abspath(self.base_location)

    @property
    def base_url(self):
        return None


def private_storage():
    # A callable, so migrations record no machine-specific path.
    return PrivateStorage()
