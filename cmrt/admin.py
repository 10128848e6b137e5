from django.contrib import admin

from cmrt.models import WorkerHeartbeat


@admin.register(WorkerHeartbeat)
class WorkerHeartbeatAdmin(admin.ModelAdmin):
    list_display = ("name", "last_seen", "hostname", "beats")
    readonly_fields = ("name", "last_seen", "hostname", "beats")
