"""Signed links sent by e-mail (namespace ``links``): open a campaign request."""

from __future__ import annotations

from django.urls import URLPattern

app_name = "links"

urlpatterns: list[URLPattern] = []
