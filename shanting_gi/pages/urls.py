"""The site's own pages, and the product and producer pages it composes from the apps."""

from django.urls import path

from producers.register.views import ProducerListView
from products.views import ProductListView

from . import statistics, views
from .producer import ProducerPage
from .product import ProductPage

product_patterns = (
    [
        path("", ProductListView.as_view(), name="list"),
        path("<slug:slug>/", ProductPage.as_view(), name="detail"),
    ],
    "products",
)

producer_patterns = (
    [
        path("", ProducerListView.as_view(), name="list"),
        path("<int:pk>/", ProducerPage.as_view(), name="detail"),
    ],
    "producers",
)

site_patterns = [
    path("", views.HomeView.as_view(), name="home"),
    path("search/", views.search, name="search"),
    path("statistics/", statistics.StatisticsView.as_view(), name="statistics"),
    path("staff/dashboard/", statistics.StaffDashboardView.as_view(), name="staff_dashboard"),
    path("healthz", views.healthz, name="healthz"),
    path("robots.txt", views.robots_txt, name="robots_txt"),
]
