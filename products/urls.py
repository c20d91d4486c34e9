from django.urls import path

from . import views

# The product list and page are wired by the site (shanting_gi/pages/urls.py): the public
# product page also shows what the register and the inspections hold.

library_patterns = (
    [
        path("", views.DocumentListView.as_view(), name="list"),
        path("<int:pk>/", views.DocumentDetailView.as_view(), name="detail"),
    ],
    "library",
)
