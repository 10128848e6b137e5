"""The supplier portal (namespace ``portal``): what a supplier user sees and does."""

from __future__ import annotations

from django.urls import path

from suppliers.views import portal

app_name = "portal"

urlpatterns = [
    path("", portal.portal_home, name="home"),
    path("requests/<int:pk>/", portal.request_detail, name="request"),
    path("requests/<int:pk>/upload/", portal.request_upload, name="upload"),
    path("requests/<int:pk>/decline/", portal.request_decline, name="decline"),
    path("files/<int:pk>/", portal.submission_detail, name="submission"),
    path(
        "questions/<int:pk>/answer/",
        portal.clarification_answer,
        name="clarification_answer",
    ),
    path("contacts/", portal.contact_list, name="contacts"),
    path("contacts/new/", portal.contact_add, name="contact_add"),
    path("contacts/<int:pk>/edit/", portal.contact_edit, name="contact_edit"),
    path("contacts/<int:pk>/active/", portal.contact_active, name="contact_active"),
]
