"""URLs of the cmrt submissions pages (included by cmrt/urls.py under the cmrt namespace)."""

from __future__ import annotations

from django.urls import URLPattern

urlpatterns: list[URLPattern] = []
