from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.urls import include, path

from suppliers.language import language_set
from suppliers.views.home import home
from suppliers.views.login import RateLimitedLoginView

urlpatterns = [
    path("", home, name="home"),
    path("accounts/login/", RateLimitedLoginView.as_view(), name="login"),
    path("accounts/logout/", auth_views.LogoutView.as_view(), name="logout"),
    path("accounts/", include("suppliers.urls_accounts")),
    path("suppliers/", include("suppliers.urls")),
    path("cmrt/", include("cmrt.urls")),
    path("campaigns/", include("suppliers.urls_campaigns")),
    path("reports/", include("reports.urls")),
    path("portal/", include("suppliers.urls_portal")),
    path("r/", include("suppliers.urls_links")),
    path("review/", include("suppliers.urls_review")),
    path("language/", language_set, name="language"),
    path("i18n/", include("django.conf.urls.i18n")),
    path("admin/", admin.site.urls),
]
