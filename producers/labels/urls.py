from django.urls import path

from . import views as verify_views

app_name = "verify"

urlpatterns = [
    path("", verify_views.page, name="page"),
]

# Included in the root URLconf as path("verify/", include(verify_patterns)); the short URL
# /v/<code> lives at the root (name "verify_short") because it is printed on every label.
verify_patterns = (urlpatterns, app_name)
