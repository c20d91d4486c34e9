"""The kernel every other part of the portal stands on. It imports no domain app.

    models.py       TimestampedModel, choices_constraint, localized (the English field)
    history.py      save_with_history: validate, save, and record who and why
    storage.py      PrivateStorage: uploads that never get a URL
    images.py       clean_uploaded_image: every uploaded photo is proven, bounded, re-encoded
    search.py       search text with pinyin and initials, and query normalisation
    ratelimit.py    the client's address and a fixed-window rate limit in the cache
    views.py        FilteredListView: the one list page narrowed by a FilterSet
    forms.py        form fields shared by the apps (localized choices, several uploads)
    admin.py        helpers for every app's admin (reason forms, confirmed actions, history)
    middleware.py   Chinese first: the language comes from the switcher's cookie only

Domain apps sit above it: products → producers.register → producers.labels → inspections →
producers.accounts, then the site (shanting_gi.pages, .opendata, .demo) on top. The
layering is the import-linter contract in pyproject.toml.
"""
