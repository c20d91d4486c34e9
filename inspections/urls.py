from django.urls import path

from . import complaint_views, views

inspection_patterns = (
    [
        path("", views.InspectionListView.as_view(), name="list"),
        path("<int:pk>/", views.InspectionDetailView.as_view(), name="detail"),
    ],
    "inspections",
)

enforcement_patterns = (
    [
        path("", views.EnforcementCaseListView.as_view(), name="list"),
        path("<int:pk>/", views.EnforcementCaseDetailView.as_view(), name="detail"),
    ],
    "enforcement",
)

complaint_patterns = (
    [
        path("new/", complaint_views.new, name="new"),
        path("submitted/", complaint_views.submitted, name="submitted"),
        path("track/", complaint_views.track, name="track"),
    ],
    "complaints",
)
