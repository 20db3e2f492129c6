"""Staff view of the service API's clients (read-only: clients are managed with
`manage.py api_client`, which shows a secret once; the admin never sees one)."""

from __future__ import annotations

from django.contrib import admin

from gjj.api.models import ApiClient


@admin.register(ApiClient)
class ApiClientAdmin(admin.ModelAdmin):
    list_display = ("name", "prefix", "scopes", "created_at", "revoked_at")
    readonly_fields = ("name", "prefix", "scopes", "created_at", "revoked_at")
    fields = readonly_fields

    def has_add_permission(self, request):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
