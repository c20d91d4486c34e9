"""URLs of the spot-check plans (public) and of the inspections staff pages.

Included from shanting_gi/urls.py as
    path("inspections/plans/", include(plan_patterns)),
    path("staff/", include(staff_patterns)),
"""

from django.urls import path

from . import plan_views, staff_views

plan_patterns = (
    [
        path("", plan_views.PlanListView.as_view(), name="list"),
        path("<int:pk>/", plan_views.PlanDetailView.as_view(), name="detail"),
    ],
    "plans",
)

staff_patterns = (
    [
        path("rejudge/<int:indicator_id>/", staff_views.rejudge, name="rejudge"),
        path("follow-ups/", staff_views.follow_ups, name="follow_ups"),
    ],
    "inspections_staff",
)
