"""The staff's view (Django admin, 中心管理): shared pieces, and the audit log.

Imported records are read-only here: the core system is their source, and the importer the only
writer. Big tables list newest first by primary key and never COUNT(*) the whole table.
"""

from __future__ import annotations

import re

from django.contrib import admin
from django.core.paginator import Paginator
from django.utils.functional import cached_property

from gjj.core import pii
from gjj.core.models import AuditEvent
from gjj.core.money import format_amount

ID_NUMBER = re.compile(r"^\d{17}[\dXx]$")
PHONE = re.compile(r"^1\d{10}$")


class CappedCountPaginator(Paginator):
    """Counts at most `cap` rows (COUNT over a LIMIT subquery): a 30-million-row ledger lists
    instantly; narrow the list by searching or filtering to see everything."""

    cap = 10_000

    @cached_property
    def count(self) -> int:
        return self.object_list[: self.cap].count()


def is_staff(request) -> bool:
    user = request.user
    return bool(user.is_active and user.is_staff)


class StaffViewMixin:
    """Every active member of the center's staff (is_staff) may view these records: the staff
    view of the data is one role. Adding, changing and deleting still need their permissions."""

    def has_view_permission(self, request, obj=None):
        return is_staff(request)

    def has_module_permission(self, request):
        return is_staff(request)


class NoWritesMixin:
    """Viewing only: no add, change or delete (also hides the delete action)."""

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


class ReadOnlyAdmin(NoWritesMixin, StaffViewMixin, admin.ModelAdmin):
    """Viewing only: no add, change or delete (also hides the delete action)."""


class ReadOnlyInline(NoWritesMixin, StaffViewMixin, admin.TabularInline):
    extra = 0
    can_delete = False
    show_change_link = True


class BigTableAdmin(ReadOnlyAdmin):
    """For tables with millions of rows."""

    show_full_result_count = False
    paginator = CappedCountPaginator
    list_per_page = 50
    ordering = ("-id",)


class IdNumberSearchMixin:
    """An 18-character ID number (or an 11-digit phone) typed in the search box is matched through
    its keyed digest: personal numbers are stored encrypted and never decrypted to search."""

    id_digest_field = "person__zjhm_digest"
    phone_digest_field: str | None = None

    def get_search_results(self, request, queryset, search_term):
        term = (search_term or "").strip()
        if ID_NUMBER.match(term):
            digest = pii.digest(pii.normalize_id(term))
            return queryset.filter(**{self.id_digest_field: digest}), False
        if self.phone_digest_field and PHONE.match(term):
            return queryset.filter(**{self.phone_digest_field: pii.digest(term)}), False
        return super().get_search_results(request, queryset, search_term)


def amount(field: str, label: str):
    """A list column that prints an amount as 15,360.98."""

    @admin.display(description=label, ordering=field)
    def column(obj):
        return format_amount(getattr(obj, field))

    column.__name__ = f"{field}_amount"
    return column


@admin.register(AuditEvent)
class AuditEventAdmin(BigTableAdmin):
    list_display = ("at", "action", "outcome", "person", "user", "ip")
    list_filter = ("outcome", "action")
    list_select_related = ("person", "user")
    search_fields = ("=action", "=ip")
    readonly_fields = ("at", "action", "outcome", "person", "user", "ip", "detail")
