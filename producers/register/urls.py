from django.urls import path

from . import views

producer_patterns = (
    [
        path("", views.ProducerListView.as_view(), name="list"),
        path("<int:pk>/", views.ProducerDetailView.as_view(), name="detail"),
    ],
    "producers",
)

outlet_patterns = (
    [path("", views.OutletListView.as_view(), name="list")],
    "outlets",
)
