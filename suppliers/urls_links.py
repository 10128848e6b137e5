"""Signed links sent by e-mail (namespace ``links``): open a campaign request."""

from __future__ import annotations

from django.urls import path

from suppliers.views.request_links import request_link_open

app_name = "links"

urlpatterns = [
    path("<str:token>/", request_link_open, name="open"),
]
