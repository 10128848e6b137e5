"""Compliance pages for campaigns and their requests (namespace ``campaigns``)."""

from __future__ import annotations

from django.urls import URLPattern

app_name = "campaigns"

urlpatterns: list[URLPattern] = []
