from django.shortcuts import redirect, render
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_GET, require_POST

from gjj.applications.selectors import application_rows
from gjj.core.access import person_required
from gjj.core.codes import AccountState, WithdrawalReason
from gjj.core.kept import kept_page
from gjj.core.net import safe_next
from gjj.core.pagination import numbered
from gjj.fund import selectors as fund
from gjj.hall import charts, guides, selectors
from gjj.hall.context_processors import (
    LARGE_TEXT_COOKIE,
    SOUND_COOKIE,
    large_text_on,
    sound_on,
)
from gjj.inbox import selectors as inbox
from gjj.loanapps import selectors as apply_selectors
from gjj.loans import selectors as loan_selectors
from gjj.loans import selectors as loans
from gjj.loans.eligibility import loan_conditions
from gjj.loans.forms import LimitCalculatorForm

TABS = ("messages", "mine", "read")
SEEN_UNREAD_KEY = "hall_seen_unread"
COOKIE_AGE = 365 * 24 * 3600


MINE_MARK = "<!--gjj:mine-->"


@person_required
def home(request, person):
    """主页面. "/" for a visitor not logged in is the login page (gjj/urls.py, front_door).

    The page is kept between visits (gjj/core/kept.py) under the state of the person's messages;
    我发起的 is the part rendered each time (its 流程耗时 counts the seconds)."""
    tab = request.GET.get("tab")
    if tab not in TABS:
        tab = "messages"
    unread_count, messages = inbox.message_state(person=person)
    # A short sound when the unread count grew since the last look at the home page.
    seen = request.session.get(SEEN_UNREAD_KEY, 0)
    play_sound = sound_on(request) and unread_count > seen
    if seen != unread_count:
        request.session[SEEN_UNREAD_KEY] = unread_count
    response = _kept_home(request, person, tab=tab, play_sound=play_sound, messages=messages)
    if response.status_code == 200 and MINE_MARK.encode() in response.content:
        mine = render_to_string(
            "applications/_table.html",
            {"rows": numbered(application_rows(person=person)), "empty_text": "暂无您发起的业务"},
            request,
        )
        response.content = response.content.replace(MINE_MARK.encode(), mine.encode(), 1)
    return response


@kept_page("hall:home")
def _kept_home(request, person, *, tab, play_sound, messages):
    """The page but 我发起的; `messages` (their state) is part of the kept page's key."""
    unread, unread_count, read = inbox.message_latest_both(person=person)
    context = {
        "tab": tab,
        "unread_count": unread_count,
        "play_sound": play_sound,
        "unread": unread,
        "read": read,
        "mine_mark": MINE_MARK,
        "accounts": selectors.account_cards(person=person),
        "loans": selectors.loan_cards(person=person),
        "back": request.get_full_path(),
    }
    return render(request, "hall/home.html", context)


@require_GET
@person_required
def withdraw_guide(request, person):
    return render(
        request,
        "hall/withdraw_guide.html",
        {"reasons": guides.withdrawal_materials(), "choices": WithdrawalReason},
    )


@require_GET
@person_required
def repay_guide(request, person):
    return render(
        request,
        "hall/repay_guide.html",
        {"loans": selectors.loan_cards(person=person)},
    )


@require_GET
@person_required
def loan_apply_guide(request, person):
    """贷款申请: the conditions checked from the person's data, then the limit check with the
    person's balance and months filled in (the form goes to the public 额度试算)."""
    facts = apply_selectors.apply_facts(person=person, today=timezone.localdate())
    policy = loan_selectors.loan_policy()
    account = facts.account
    conditions = loan_conditions(
        policy=policy,
        account_state=account.get_grzhzt_display() if account else None,
        account_normal=bool(account) and account.grzhzt == AccountState.NORMAL,
        months=facts.months,
        open_loan=facts.open_loan,
        application_open=facts.application_open,
    )
    initial = {"jcys": facts.months, "nl": facts.age}
    if account is not None:
        initial["ye"] = account.grzhye
    return render(
        request,
        "hall/loan_apply_guide.html",
        {
            "busy": facts.in_progress,
            "nodes": guides.LOAN_NODES,
            "rate": selectors.current_loan_rate(),
            "conditions": conditions,
            "eligible": all(c.ok for c in conditions),
            "limit_form": LimitCalculatorForm(initial=initial),
        },
    )


def _toggle(request, cookie: str, turn_on: bool, on_value: str, off_value: str):
    response = redirect(safe_next(request, reverse("hall:home")))
    response.set_cookie(
        cookie,
        on_value if turn_on else off_value,
        max_age=COOKIE_AGE,
        samesite="Lax",
        secure=request.is_secure(),
        httponly=True,
    )
    return response


@require_POST
def toggle_large_text(request):
    """大字模式 on/off, remembered in a cookie; works for anonymous pages too (login)."""
    return _toggle(request, LARGE_TEXT_COOKIE, not large_text_on(request), "1", "0")


@require_POST
def toggle_sound(request):
    """开启音效 / 关闭音效, remembered in a cookie."""
    return _toggle(request, SOUND_COOKIE, not sound_on(request), "1", "0")


@require_GET
@person_required
def fund_charts(request, person):
    """我的公积金 · 图表: the account's balance at each year's end and deposits per year."""
    accounts = fund.account_list(person=person)
    account = fund.account_pick(accounts, request.GET.get("grzh"))
    context = {
        "accounts": accounts,
        "account": account,
        "charts": charts.fund_charts(account, today=timezone.localdate()) if account else [],
        "page_title": "我的公积金 · 图表",
    }
    return render(request, "hall/fund_charts.html", context)


@require_GET
@person_required
def loan_charts(request, person):
    """我的贷款 · 图表: principal repaid vs remaining, interest per year, the plan dashed."""
    contracts = loans.contract_list(person=person)
    contract = loans.contract_pick(contracts, request.GET.get("jkhtbh"))
    context = {
        "contracts": contracts,
        "contract": contract,
        "charts": charts.loan_charts(contract, today=timezone.localdate()) if contract else [],
        "page_title": "我的贷款 · 图表",
    }
    return render(request, "hall/loan_charts.html", context)
