"""个人基本信息 and 缴存支取信息 (manual §3.1, §3.2). Thin: parse, select, render."""

from __future__ import annotations

import datetime as dt
from urllib.parse import urlencode

from django.http import HttpResponseNotAllowed
from django.shortcuts import render
from django.utils import timezone
from django.views.decorators.http import require_GET

from gjj.core.access import person_required
from gjj.core.forms import DateRangeForm, years_before
from gjj.core.kept import kept_page
from gjj.core.reveal import reveal_active
from gjj.fund import selectors

LEDGER_MAX_YEARS = 10


def ledger_range_form(data, *, today: dt.date) -> DateRangeForm:
    """缴存支取信息's range (the page's and the app's): the last year unless asked, at most ten
    years."""
    return DateRangeForm(
        data, default_start=years_before(today, 1), default_end=today, max_years=LEDGER_MAX_YEARS
    )


@require_GET
@person_required
def basic_info(request, person):
    context = {
        "person": person,
        "cards": selectors.basic_info(person=person),
        "revealed": reveal_active(request),
        "active": "basic_info",
        "page_title": "个人基本信息",
    }
    return render(request, "info/basic_info.html", context)


@person_required
@kept_page("fund:ledger")  # the core's data only (gjj/core/kept.py)
def ledger(request, person):
    accounts = selectors.account_list(person=person)
    account = selectors.account_pick(accounts, request.GET.get("grzh"))
    if request.method != "GET":  # ownership first: another person's grzh is a 404 for any method
        return HttpResponseNotAllowed(["GET"])
    today = timezone.localdate()
    form = ledger_range_form(request.GET, today=today)
    page = None
    date_range = form.date_range()
    if account is not None and date_range is not None:
        page = selectors.ledger_page(
            account=account,
            start=date_range[0],
            end=date_range[1],
            after=request.GET.get("after"),
            before=request.GET.get("before"),
            query=_page_query(account.grzh, "grzh", date_range),
        )
    context = {
        "accounts": accounts,
        "account": account,
        "form": form,
        "page": page,
        "active": "ledger",
        "page_title": "缴存支取信息",
    }
    return render(request, "info/ledger.html", context)


def _page_query(key, name, date_range) -> str:
    """The query string a pager link keeps: the selection and the dates."""
    params = {}
    if key:
        params[name] = key
    if date_range:
        params["ksrq"], params["jsrq"] = (f"{d:%Y-%m-%d}" for d in date_range)
    return urlencode(params)
