from django.urls import path

from . import views

product_patterns = (
    [
        path("", views.ProductListView.as_view(), name="list"),
        path("<slug:slug>/", views.ProductDetailView.as_view(), name="detail"),
    ],
    "products",
)

library_patterns = (
    [
        path("", views.DocumentListView.as_view(), name="list"),
        path("<int:pk>/", views.DocumentDetailView.as_view(), name="detail"),
    ],
    "library",
)
