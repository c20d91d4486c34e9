"""The site's columns (栏目) and its site map (网站地图), read from the URLconf.

Every page without parameters that the public can open is found by walking the URLconf;
PAGES gives each its title and column, and a test fails when a new public page is missing
here — so the site map cannot silently fall behind. The same columns give each page its
ColumnName / ColumnType meta tags (《政府网站发展指引》, 国办发〔2017〕47号), detail pages by
their URL namespace.

ColumnType uses the four functions the guideline names for a government site (信息发布,
解读回应, 办事服务, 互动交流), 首页 for the home page. Meta values are Chinese whatever the page's
language: they are read by the national monitoring tools, not by visitors.
"""

from dataclasses import dataclass

from django.urls import URLPattern, URLResolver, get_resolver
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy


@dataclass(frozen=True)
class Column:
    key: str
    title: object  # lazy translation, shown in the site map
    meta_name: str  # ColumnName, Chinese
    meta_type: str  # ColumnType, Chinese


PUBLISH, EXPLAIN, SERVICE, INTERACT = "信息发布", "解读回应", "办事服务", "互动交流"

COLUMNS = {
    c.key: c
    for c in [
        Column("home", _("Home"), "首页", "首页"),
        Column("products", _("Products"), "地理标志产品", PUBLISH),
        Column("register", _("Producers and where to buy"), "用标主体", PUBLISH),
        Column("supervision", _("Quality supervision"), "质量监管", PUBLISH),
        Column("news", _("News and events"), "新闻动态", PUBLISH),
        Column("library", _("Laws, standards and policy"), "政策法规", EXPLAIN),
        Column("industry", _("Industry development"), "产业发展", PUBLISH),
        Column("services", _("Verification and data"), "查询服务", SERVICE),
        Column("interaction", _("Consultation and complaints"), "互动交流", INTERACT),
        Column("site", _("About this site"), "网站信息", PUBLISH),
    ]
}

# Qualified URL name → (column, page title), in the order the site map lists them.
PAGES = {
    "home": ("home", _("Home")),
    "products:list": ("products", _("Products")),
    "producers:list": ("register", _("Producer register")),
    "outlets:list": ("register", _("Where to buy")),
    "inspections:list": ("supervision", _("Spot-check results")),
    "plans:list": ("supervision", _("Spot-check plans and random draws")),
    "enforcement:list": ("supervision", _("Enforcement notices")),
    "portal:news_list": ("news", _("News and notices")),
    "portal:event_list": ("news", _("Events")),
    "library:list": ("library", _("Document library")),
    "portal:about": ("library", _("The platform and its legal basis")),
    "portal:industry": ("industry", _("Industry development")),
    "portal:park_list": ("industry", _("Demonstration parks")),
    "verify:page": ("services", _("Verify a label")),
    "search": ("services", _("Search")),
    "statistics": ("services", _("Statistics")),
    "api_docs": ("services", _("Open data API")),
    "portal:faq_list": ("interaction", pgettext_lazy("public FAQ", "Questions and answers")),
    "portal:consultation_ask": ("interaction", _("Ask the bureau")),
    "portal:consultation_track": ("interaction", _("Follow a question")),
    "portal:rights": ("interaction", _("Consumer rights")),
    "complaints:new": ("interaction", _("Report a suspected fake")),
    "complaints:track": ("interaction", _("Follow a report")),
    "accounts:login": ("interaction", _("Producer sign-in")),
    "accounts:signup": ("interaction", _("Producer registration")),
    "portal:contact": ("site", _("Contact us")),
    "portal:privacy": ("site", _("Privacy statement")),
    "portal:disclaimer": ("site", _("Disclaimer and copyright")),
    "portal:accessibility": ("site", _("Accessibility")),
    "portal:sitemap": ("site", _("Site map")),
}

# Pages with parameters (details) and pages that are not destinations, by namespace.
NAMESPACE_COLUMNS = {
    "products": "products",
    "producers": "register",
    "outlets": "register",
    "inspections": "supervision",
    "plans": "supervision",
    "enforcement": "supervision",
    "library": "library",
    "verify": "services",
    "complaints": "interaction",
    "accounts": "interaction",
}
PORTAL_COLUMNS = {
    "news": "news",
    "event": "news",
    "faq": "interaction",
    "consultation": "interaction",
    "park": "industry",
    "association": "industry",
}
VIEW_COLUMNS = {"verify_short": "services"}

# Not pages a visitor navigates to: feeds, form targets, receipts shown once, machines'
# addresses, staff pages.
NOT_LISTED = {
    "healthz",
    "robots_txt",
    "set_language",
    "staff_dashboard",
    "api_schema",
    "complaints:submitted",
    "portal:consultation_submitted",
    "portal:news_feed",
    "portal:elder_mode",
    "accounts:signup_done",
    # a producer's own pages, behind the sign-in (accounts:login is listed)
    "accounts:dashboard",
    "accounts:logout",
    "accounts:password_change",
    "accounts:password_change_done",
    "accounts:application_new",
    "accounts:report_new",
}
NOT_LISTED_NAMESPACES = {"admin", "api", "exports", "inspections_staff"}


def _walk(patterns, prefix="", namespace=""):
    for pattern in patterns:
        if isinstance(pattern, URLResolver):
            ns = pattern.namespace or ""
            inner = f"{namespace}:{ns}" if namespace and ns else (ns or namespace)
            yield from _walk(pattern.url_patterns, prefix + str(pattern.pattern), inner)
        elif isinstance(pattern, URLPattern) and pattern.name:
            name = f"{namespace}:{pattern.name}" if namespace else pattern.name
            yield (
                name,
                prefix + str(pattern.pattern),
                pattern.pattern.regex.groups == 0 and ("<" not in str(pattern.pattern)),
            )


def public_pages():
    """(qualified name, route) of every parameterless page the public may open, in URLconf
    order."""
    seen = set()
    for name, route, plain in _walk(get_resolver().url_patterns):
        namespace = name.split(":", 1)[0] if ":" in name else ""
        if not plain or name in NOT_LISTED or namespace in NOT_LISTED_NAMESPACES:
            continue
        if name in seen:
            continue
        seen.add(name)
        yield name, route


def sections():
    """The site map: columns in COLUMNS order, each with its pages in PAGES order.

    A public page missing from PAGES (the test catches it) is still listed, under "About
    this site", by its address."""
    from django.urls import reverse

    found = dict(public_pages())
    by_column = {key: [] for key in COLUMNS}
    for name, (column, title) in PAGES.items():
        if name in found:
            by_column[column].append({"title": title, "url": reverse(name)})
    for name in found.keys() - PAGES.keys():
        by_column["site"].append({"title": "/" + found[name].lstrip("^"), "url": reverse(name)})
    return [{"column": COLUMNS[key], "pages": pages} for key, pages in by_column.items() if pages]


def column_for(resolver_match):
    """The column of the page being shown, or None (admin, API …)."""
    if resolver_match is None:
        return None
    name = resolver_match.view_name
    if name in PAGES:
        return COLUMNS[PAGES[name][0]]
    if name in VIEW_COLUMNS:
        return COLUMNS[VIEW_COLUMNS[name]]
    namespace = resolver_match.namespace
    if namespace in NAMESPACE_COLUMNS:
        return COLUMNS[NAMESPACE_COLUMNS[namespace]]
    if namespace == "portal":
        stem = resolver_match.url_name.split("_", 1)[0]
        key = PORTAL_COLUMNS.get(stem)
        if key is None and name in PAGES:
            key = PAGES[name][0]
        return COLUMNS[key] if key else COLUMNS["site"]
    return None
