"""The project's URLs plus the review pages and the language switch, until config/urls.py
mounts them (then nothing is added twice)."""

from __future__ import annotations

from django.urls import include, path

from config.urls import urlpatterns as project_patterns
from suppliers.language import language_set

_namespaces = {getattr(p, "namespace", None) for p in project_patterns}
_names = {getattr(p, "name", None) for p in project_patterns}

urlpatterns = list(project_patterns)
if "review" not in _namespaces:
    urlpatterns.append(path("review/", include("suppliers.urls_review")))
if "language" not in _names:
    urlpatterns.append(path("language/", language_set, name="language"))
