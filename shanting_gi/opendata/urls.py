"""/api/v1/… (the API), /api/schema/ (OpenAPI 3) and /api/docs/ (Swagger UI, served by the
app from drf-spectacular-sidecar: no CDN). No Redoc page: its template loads Google Fonts."""

from django.urls import include, path, re_path
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerView
from rest_framework.routers import DefaultRouter

from . import portal
from .complaints import ComplaintCreateView
from .verify import VerifyView
from .views import (
    AuthorisationViewSet,
    DocumentViewSet,
    EnforcementCaseViewSet,
    InspectionViewSet,
    OutletViewSet,
    ProducerViewSet,
    ProductViewSet,
    StatisticViewSet,
    TownViewSet,
)

# --- URLs --------------------------------------------------------------------------------------


class ApiRouter(DefaultRouter):
    include_format_suffixes = False
    include_root_view = False


router = ApiRouter()
router.register("products", ProductViewSet, basename="product")
router.register("towns", TownViewSet, basename="town")
router.register("producers", ProducerViewSet, basename="producer")
router.register("authorisations", AuthorisationViewSet, basename="authorisation")
router.register("outlets", OutletViewSet, basename="outlet")
router.register("inspections", InspectionViewSet, basename="inspection")
router.register("enforcement-cases", EnforcementCaseViewSet, basename="enforcementcase")
router.register("documents", DocumentViewSet, basename="document")
router.register("statistics", StatisticViewSet, basename="statistic")
portal.register(router)  # FAQ, news, events, parks, associations (opendata/portal.py)

v1_patterns = [
    *router.urls,
    # Any text, slashes included: a whole short URL (…/v/<code>) is accepted, as on the page.
    re_path(r"^verify/(?P<code>[\s\S]*)\Z", VerifyView.as_view(), name="verify"),
    path("complaints/", ComplaintCreateView.as_view(), name="complaints"),
]

# Included at /api/ by the root URLconf.
urlpatterns = [
    path("v1/", include((v1_patterns, "api"))),
    path("schema/", SpectacularAPIView.as_view(), name="api_schema"),
    path("docs/", SpectacularSwaggerView.as_view(url_name="api_schema"), name="api_docs"),
]
