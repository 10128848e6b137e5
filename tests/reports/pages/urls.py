"""The project's URLconf with the report pages mounted at /reports/, as config/urls.py
will mount them; used by these tests until (and after) it does."""

from __future__ import annotations

from django.urls import URLPattern, URLResolver, include, path

from config.urls import urlpatterns as project

_mounted = any(getattr(entry, "namespace", None) == "reports" for entry in project)

urlpatterns: list[URLPattern | URLResolver] = [
    *project,
    *([] if _mounted else [path("reports/", include("reports.urls"))]),
]
