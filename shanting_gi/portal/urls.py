"""The portal's pages, included at the root by shanting_gi/urls.py (app namespace
"portal"): short, language-free addresses like the rest of the site."""

from django.urls import path

from . import views

app_name = "portal"


def page(route, template, name):
    return path(route, views.SitePageView.as_view(template_name=template), name=name)


urlpatterns = [
    # Consultation and the FAQ built from its published answers
    path("questions/", views.FaqListView.as_view(), name="faq_list"),
    path("questions/<int:pk>/", views.FaqDetailView.as_view(), name="faq_detail"),
    path("questions/ask/", views.consultation_ask, name="consultation_ask"),
    path("questions/sent/", views.consultation_submitted, name="consultation_submitted"),
    path("questions/track/", views.consultation_track, name="consultation_track"),
    # News and notices
    path("news/", views.ArticleListView.as_view(), name="news_list"),
    path("news/<int:pk>/", views.ArticleDetailView.as_view(), name="news_detail"),
    path("news/feed/", views.ArticleFeed(), name="news_feed"),
    path("events/", views.EventListView.as_view(), name="event_list"),
    path("events/<int:pk>/", views.EventDetailView.as_view(), name="event_detail"),
    # Industry
    path("industry/", views.IndustryView.as_view(), name="industry"),
    path("industry/parks/", views.ParkListView.as_view(), name="park_list"),
    path(
        "industry/associations/<int:pk>/",
        views.AssociationDetailView.as_view(),
        name="association_detail",
    ),
    # Consumers' rights and the platform's basis
    path("rights/", views.RightsView.as_view(), name="rights"),
    path("about/", views.AboutView.as_view(), name="about"),
    # The pages every government site keeps
    page("contact/", "portal/contact.html", "contact"),
    page("privacy/", "portal/privacy.html", "privacy"),
    page("disclaimer/", "portal/disclaimer.html", "disclaimer"),
    page("accessibility/", "portal/accessibility.html", "accessibility"),
    path("sitemap/", views.SiteMapView.as_view(), name="sitemap"),
    path("elder-mode/", views.elder_mode, name="elder_mode"),
]
