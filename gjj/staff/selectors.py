"""Reads of the back office: queues by role (keyset paging, a fixed number of queries whatever
the queue's length), the counts on the navigation, one application with what a reviewer needs."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.db.models import Count, Q
from django.http import Http404
from django.utils import timezone

from gjj.applications.models import Application, ApplicationStep, State
from gjj.applications.workflow import ROLE_ADMIN
from gjj.core.pagination import Page, keyset_page
from gjj.fund.models import FundAccount, LedgerEntry

WAITING = (State.SUBMITTED, State.REVIEW)
PAGE_SIZE = 20
TABS = {
    "todo": ("待我办理", WAITING),
    "returned": ("退回补正中", (State.RETURNED,)),
    "approved": ("待入账", (State.APPROVED, State.EXPORTED)),
    "finished": ("已办结", (State.DONE, State.REFUSED, State.WITHDRAWN)),
}


def reach(roles: frozenset[str]) -> Q:
    """The applications a staff member may open: all with 管理, else those with a node of one
    of their roles."""
    if ROLE_ADMIN in roles:
        return Q(business__gt="")
    return Q(business__gt="", steps__kind="staff", steps__role__in=roles)


def acting(roles: frozenset[str]) -> Q:
    if ROLE_ADMIN in roles:
        return Q(current_role__gt="")
    return Q(current_role__in=roles)


def add_working_days(day: dt.date, n: int) -> dt.date:
    """`n` working days (Monday–Friday) after `day`. Public holidays are not modelled."""
    while n > 0:
        day += dt.timedelta(days=1)
        if day.weekday() < 5:
            n -= 1
    return day


def working_days_between(start: dt.date, end: dt.date) -> int:
    """Working days from `start` to `end` (negative when `end` is earlier)."""
    sign = 1 if end >= start else -1
    a, b = (start, end) if sign > 0 else (end, start)
    days = sum(1 for i in range(1, (b - a).days + 1) if (a + dt.timedelta(days=i)).weekday() < 5)
    return sign * days


@dataclass
class QueueRow:
    application: Application
    days_left: int | None


def queue_page(
    *,
    roles: frozenset[str],
    tab: str,
    reason: str = "",
    start: dt.date | None = None,
    end: dt.date | None = None,
    after: str | None = None,
    time_limit_days: int = 3,
    size: int = PAGE_SIZE,
    query=None,
) -> Page:
    """Oldest first, by keyset; two queries (the page, the total) whatever the queue's length."""
    states = TABS[tab][1]
    scope = acting(roles) if tab == "todo" else reach(roles)
    qs = Application.objects.filter(scope, state__in=states)
    if reason:
        qs = qs.filter(detail__code=reason)
    if start:
        qs = qs.filter(fqsj__date__gte=start)
    if end:
        qs = qs.filter(fqsj__date__lte=end)
    qs = qs.distinct() if tab != "todo" and ROLE_ADMIN not in roles else qs
    page = keyset_page(
        qs.select_related("person"), order=("fqsj", "id"), after=after, size=size, query=query
    )
    today = timezone.localdate()
    rows = []
    for app in page.rows:
        left = None
        if app.state in WAITING:
            began = timezone.localtime(app.accepted_at or app.fqsj).date()
            left = working_days_between(today, add_working_days(began, time_limit_days))
        rows.append(QueueRow(application=app, days_left=left))
    page.rows = rows
    return page


def nav_counts(roles: frozenset[str]) -> dict[str, int]:
    """Waiting applications per role the person holds (one query)."""
    qs = Application.objects.filter(acting(roles), state__in=WAITING)
    counts = dict(qs.order_by().values_list("current_role").annotate(n=Count("id")))
    return {"total": sum(counts.values()), **counts}


def application_for_staff(*, roles: frozenset[str], pk: int) -> Application:
    app = (
        Application.objects.filter(reach(roles), pk=pk)
        .select_related("person")
        .prefetch_related("steps", "materials", "events")
        .distinct()
        .first()
    )
    if app is None:
        raise Http404("没有这笔申请")
    return app


def account_and_ledger(application: Application, size: int = 8):
    grzh = application.detail.get("grzh")
    account = FundAccount.objects.filter(person_id=application.person_id, grzh=grzh).first()
    if account is None:
        return None, []
    entries = list(LedgerEntry.objects.filter(account=account).order_by("-jzrq", "-ywlsh")[:size])
    return account, entries


def current_step(application: Application) -> ApplicationStep | None:
    for step in application.steps.all():
        if step.xh == application.current_xh:
            return step
    return None
