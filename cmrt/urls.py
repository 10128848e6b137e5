"""The cmrt app's pages under /cmrt/, namespace ``cmrt``; one URL module per area."""

from __future__ import annotations

from cmrt.urls_bulk import urlpatterns as bulk
from cmrt.urls_matching import urlpatterns as matching
from cmrt.urls_reference import urlpatterns as reference
from cmrt.urls_submissions import urlpatterns as submissions

app_name = "cmrt"
urlpatterns = [*submissions, *bulk, *matching, *reference]
