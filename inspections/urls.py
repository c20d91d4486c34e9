"""URL groups of the inspections app, each included by the root URLconf:

path("inspections/plans/", include(plan_patterns)),
path("inspections/", include(inspection_patterns)),
path("enforcement/", include(enforcement_patterns)),
path("complaints/", include(complaint_patterns)),
path("staff/", include(staff_patterns)),
"""

from django.urls import path

from .views import cases, complaints, plans, results, staff

inspection_patterns = (
    [
        path("", results.InspectionListView.as_view(), name="list"),
        path("<int:pk>/", results.InspectionDetailView.as_view(), name="detail"),
    ],
    "inspections",
)

enforcement_patterns = (
    [
        path("", cases.EnforcementCaseListView.as_view(), name="list"),
        path("<int:pk>/", cases.EnforcementCaseDetailView.as_view(), name="detail"),
    ],
    "enforcement",
)

complaint_patterns = (
    [
        path("new/", complaints.new, name="new"),
        path("submitted/", complaints.submitted, name="submitted"),
        path("track/", complaints.track, name="track"),
    ],
    "complaints",
)

plan_patterns = (
    [
        path("", plans.PlanListView.as_view(), name="list"),
        path("<int:pk>/", plans.PlanDetailView.as_view(), name="detail"),
    ],
    "plans",
)

staff_patterns = (
    [
        path("rejudge/<int:indicator_id>/", staff.rejudge, name="rejudge"),
        path("follow-ups/", staff.follow_ups, name="follow_ups"),
    ],
    "inspections_staff",
)
