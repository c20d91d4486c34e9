from django.urls import path

from . import views

# The register list and producer pages are wired by the site (shanting_gi/pages/urls.py):
# a producer's page also shows its published spot-check results.

outlet_patterns = (
    [path("", views.OutletListView.as_view(), name="list")],
    "outlets",
)
