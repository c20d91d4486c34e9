"""Producer sign-in and self-service, mounted at /accounts/ (namespace "accounts")."""

from django.contrib.auth import views as auth_views
from django.urls import path, reverse_lazy

from producers.accounts import views as views

account_patterns = (
    [
        path("", views.dashboard, name="dashboard"),
        path("login/", views.LoginView.as_view(), name="login"),
        path(
            "logout/",
            auth_views.LogoutView.as_view(next_page=reverse_lazy("home")),
            name="logout",
        ),
        path("password/", views.PasswordChangeView.as_view(), name="password_change"),
        path(
            "password/done/",
            auth_views.PasswordChangeDoneView.as_view(
                template_name="accounts/password_change_done.html"
            ),
            name="password_change_done",
        ),
        path("applications/new/", views.application_new, name="application_new"),
        path("applications/<int:pk>/", views.application_detail, name="application_detail"),
        path(
            "applications/<int:pk>/documents/<int:document_pk>/",
            views.application_document,
            name="application_document",
        ),
        path("reports/new/", views.report_new, name="report_new"),
        path("reports/<int:pk>/edit/", views.report_edit, name="report_edit"),
        path("signup/", views.signup, name="signup"),
        path("signup/done/", views.signup_done, name="signup_done"),
    ],
    "accounts",
)
