from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.urls import include, path

from suppliers.views.home import home

urlpatterns = [
    path("", home, name="home"),
    path(
        "accounts/login/",
        auth_views.LoginView.as_view(redirect_authenticated_user=True),
        name="login",
    ),
    path("accounts/logout/", auth_views.LogoutView.as_view(), name="logout"),
    path("accounts/", include("suppliers.urls_accounts")),
    path("suppliers/", include("suppliers.urls")),
    path("cmrt/", include("cmrt.urls")),
    path("campaigns/", include("suppliers.urls_campaigns")),
    path("portal/", include("suppliers.urls_portal")),
    path("r/", include("suppliers.urls_links")),
    path("i18n/", include("django.conf.urls.i18n")),
    path("admin/", admin.site.urls),
]
