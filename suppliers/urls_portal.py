"""The supplier portal (namespace ``portal``): what a supplier user sees and does."""

from __future__ import annotations

from django.urls import path

from suppliers.views.portal import portal_home

app_name = "portal"

urlpatterns = [
    path("", portal_home, name="home"),
]
