"""What every page's header, footer and meta tags need (settings.TEMPLATES)."""

from django.conf import settings
from django.utils import translation
from django.utils.translation import gettext_lazy as _

from .sitemap import column_for
from .views import ELDER_COOKIE

# Pages with a verify form of their own: the header offers search there instead.
VERIFY_FORM_PAGES = {"home", "verify:page", "verify_short"}

DEFAULT_SPONSOR = _("Shanting District Administration for Market Regulation, Zaozhuang")


def site(request):
    """`site`: the organisers, contact and identification codes (only those configured);
    `column`: the page's column for the ColumnName / ColumnType meta tags; `elder_mode`;
    `official_base_url`: the one address receipts and QR codes name; `search_in_bar`: the
    header offers search rather than verification (pages with a verify form of their own)."""
    with translation.override(settings.LANGUAGE_CODE):
        site_name_zh = str(settings.SITE_NAME)
    psb = settings.PUBLIC_SECURITY_RECORD
    psb_digits = "".join(ch for ch in psb if ch.isdigit())
    return {
        "site": {
            "name_zh": site_name_zh,
            "domain": settings.PUBLIC_BASE_URL.split("://", 1)[-1].split("/", 1)[0],
            "sponsor": settings.SITE_SPONSOR or DEFAULT_SPONSOR,
            "organiser": settings.SITE_ORGANISER,
            "address": settings.SITE_ADDRESS,
            "phone": settings.SITE_PHONE,
            "email": settings.SITE_EMAIL,
            "office_hours": settings.SITE_OFFICE_HOURS,
            "id_code": settings.SITE_ID_CODE,
            "icp": settings.ICP_NUMBER,
            "psb": psb,
            "psb_url": (
                f"https://beian.mps.gov.cn/#/query/webSearch?code={psb_digits}"
                if psb_digits
                else ""
            ),
            "gov_mark_url": settings.GOV_MARK_URL,
            "district_portal_url": settings.DISTRICT_PORTAL_URL,
            "error_report_url": settings.GOV_ERROR_REPORT_URL,
        },
        "column": column_for(getattr(request, "resolver_match", None)),
        "elder_mode": request.COOKIES.get(ELDER_COOKIE) == "1",
        "official_base_url": settings.PUBLIC_BASE_URL,
        "search_in_bar": getattr(getattr(request, "resolver_match", None), "view_name", "")
        in VERIFY_FORM_PAGES,
    }
