"""Strings that Django's admin and django-import-export show a clerk but whose own zh_Hans
catalogues lack (Django 5.2, import-export 4.4). Listed here so that makemessages collects
them into our catalogue, which wins over the packages' (LOCALE_PATHS come first). Never
imported: gettext_noop only marks them.
"""

from django.utils.translation import gettext_noop

STRINGS = [
    # admin/app_list.html: the visually hidden headings of every app's table of models
    gettext_noop("Model name"),
    gettext_noop("Add link"),
    gettext_noop("Change or view list link"),
    # import_export: the export page's toggle
    gettext_noop("Select all"),
]
