"""Compliance pages for campaigns and their requests (namespace ``campaigns``)."""

from __future__ import annotations

from django.urls import URLPattern, path

from suppliers.views import campaigns as views

app_name = "campaigns"

urlpatterns: list[URLPattern] = [
    path("", views.CampaignListView.as_view(), name="list"),
    path("new/", views.CampaignCreateView.as_view(), name="create"),
    path("<int:pk>/", views.CampaignDashboardView.as_view(), name="dashboard"),
    path("<int:pk>/edit/", views.CampaignUpdateView.as_view(), name="edit"),
    path("<int:pk>/requests/", views.CampaignRequestsView.as_view(), name="requests"),
    path("<int:pk>/invite/", views.InviteAllView.as_view(), name="invite_all"),
    path("<int:pk>/suppliers/add/", views.SuppliersAddView.as_view(), name="suppliers_add"),
    path(
        "<int:pk>/suppliers/import/",
        views.SuppliersImportView.as_view(),
        name="suppliers_import",
    ),
    path("requests/<int:pk>/", views.RequestDetailView.as_view(), name="request_detail"),
    path(
        "requests/<int:pk>/action/",
        views.RequestActionView.as_view(),
        name="request_action",
    ),
]
