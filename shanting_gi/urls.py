from django.conf import settings
from django.contrib import admin
from django.urls import include, path, re_path
from django.utils.translation import gettext_lazy as _
from django.views.generic import RedirectView

from inspections.urls import (
    complaint_patterns,
    enforcement_patterns,
    inspection_patterns,
    plan_patterns,
    staff_patterns,
)
from producers.accounts.urls import account_patterns
from producers.labels import views as verify_views
from producers.labels.urls import verify_patterns
from producers.register.urls import outlet_patterns
from products.urls import library_patterns

from .pages.urls import producer_patterns, product_patterns, site_patterns

admin.site.site_header = _("Shanting GI platform · bureau back-office")
admin.site.site_title = _("Shanting GI back-office")
admin.site.index_title = _("Register, spot-checks and enforcement")

# Back-office addresses from before label batches and self-service became apps of their own
# (bookmarks, links in old emails) lead to the same pages at their new addresses.
MOVED_ADMIN_MODELS = {
    "labelbatch": "labels",
    "labelscan": "labels",
    "application": "accounts",
    "annualusereport": "accounts",
    "annualreportobligation": "accounts",
    "producersignup": "accounts",
}
moved_admin_patterns = [
    re_path(
        rf"^admin/producers/(?P<rest>{model}/.*)$",
        RedirectView.as_view(url=f"/admin/{app}/%(rest)s", permanent=True, query_string=True),
    )
    for model, app in MOVED_ADMIN_MODELS.items()
]

urlpatterns = [
    *site_patterns,
    path("products/", include(product_patterns)),
    path("library/", include(library_patterns)),
    path("producers/", include(producer_patterns)),
    path("where-to-buy/", include(outlet_patterns)),
    path("inspections/plans/", include(plan_patterns)),
    path("inspections/", include(inspection_patterns)),
    path("enforcement/", include(enforcement_patterns)),
    path("complaints/", include(complaint_patterns)),
    path("verify/", include(verify_patterns)),
    path("v/<str:code>", verify_views.short_url, name="verify_short"),
    path("api/", include("shanting_gi.opendata.urls")),  # /api/v1/…, /api/schema/, /api/docs/
    # CSV / JSON downloads of the registers
    path("exports/", include("shanting_gi.opendata.exports")),
    path("staff/", include(staff_patterns)),
    path("accounts/", include(account_patterns)),
    path("", include("shanting_gi.portal.urls")),  # FAQ, news, events, industry, site pages
    *moved_admin_patterns,
    path("admin/", admin.site.urls),
    path("i18n/", include("django.conf.urls.i18n")),
]

if settings.DEBUG:
    from django.conf.urls.static import static

    urlpatterns += static(settings.MEDIA_URL, document_root=settings.MEDIA_ROOT)
