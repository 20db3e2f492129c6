"""证明打印, 年度对账单 and the public /verify/ page. Thin: parse, select or write, render."""

from __future__ import annotations

from urllib.parse import quote

from django.conf import settings
from django.contrib import messages
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.template.loader import get_template
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from gjj.certificates import codes, content, selectors, services
from gjj.certificates.models import Certificate
from gjj.core import ratelimit
from gjj.core.access import person_required
from gjj.core.net import client_ip
from gjj.fund import selectors as fund
from gjj.fund.statement import annual_statement, statement_years
from gjj.loans import selectors as loans

Kind = Certificate.Kind
NOT_SETTLED = "该借款合同的贷款尚未结清，不能开具贷款结清证明。"


@require_GET
@person_required
def index(request, person):
    accounts = fund.account_list(person=person)
    contracts = loans.contract_list(person=person)
    context = {
        "accounts": accounts,
        "default_account": fund.account_default(accounts),
        "contracts": contracts,
        "settled": content.settled_contracts(contracts),
        "rows": selectors.certificate_list(person=person),
        "valid_days": services.valid_days(),
        "kinds": Kind,
    }
    return render(request, "certificates/index.html", context)


def _document(request, person, kind: str):
    """The document of the kind asked for, over the person's own account or contract (404)."""
    today = timezone.localdate()
    center = settings.CENTER_NAME
    if kind == Kind.SETTLEMENT:
        contracts = loans.contract_list(person=person)
        contract = loans.contract_pick(contracts, request.POST.get("jkhtbh") or "-")
        if contract not in content.settled_contracts(contracts):
            return None
        return content.settlement_certificate(person=person, contract=contract, center=center)
    accounts = fund.account_list(person=person)
    account = fund.account_pick(accounts, request.POST.get("grzh"))
    if account is None:
        raise Http404("账户不存在")
    if kind == Kind.DEPOSIT:
        return content.deposit_certificate(
            person=person, account=account, today=today, center=center
        )
    if kind == Kind.USAGE:
        return content.usage_certificate(
            person=person,
            account=account,
            contracts=loans.contract_list(person=person),
            today=today,
            center=center,
        )
    raise Http404("没有这种证明")


@require_POST
@person_required
def issue(request, person):
    document = _document(request, person, request.POST.get("kind", ""))
    if document is None:
        messages.error(request, NOT_SETTLED)
        return redirect("certificates:index")
    cert = services.certificate_issue(
        person=person,
        document=document,
        host=request.get_host(),
        request=request,
        user=request.user,
    )
    messages.success(
        request, f"{cert.get_kind_display()}已开具，验证码 {codes.grouped(cert.code)}。"
    )
    return redirect("certificates:detail", code=cert.code)


@require_GET
@person_required
def detail(request, person, code):
    cert = selectors.certificate_get(person=person, code=code)
    context = {
        "cert": cert,
        "doc": selectors.document_of(cert),
        "state": selectors.certificate_state(cert),
        "state_label": selectors.STATE_LABELS[selectors.certificate_state(cert)],
        "code_grouped": codes.grouped(cert.code),
    }
    return render(request, "certificates/detail.html", context)


@require_GET
@person_required
def pdf(request, person, code):
    cert = selectors.certificate_get(person=person, code=code)
    response = HttpResponse(bytes(cert.pdf), content_type="application/pdf")
    name = f"{cert.get_kind_display()}-{cert.code}.pdf"
    response["Content-Disposition"] = f"inline; filename*=UTF-8''{quote(name)}"
    response["Cache-Control"] = "private, no-store"
    return response


@require_http_methods(["GET", "POST"])
@person_required
def revoke(request, person, code):
    cert = selectors.certificate_get(person=person, code=code)
    back = reverse("certificates:detail", args=[cert.code])
    if request.method == "GET":
        return render(
            request,
            "certificates/revoke_confirm.html",
            {
                "question": f"您确定要作废这份{cert.get_kind_display()}吗？",
                "detail": f"验证码 {codes.grouped(cert.code)}。"
                "作废后核验页面将显示“已作废”，不能恢复。",
                "action": reverse("certificates:revoke", args=[cert.code]),
                "back": back,
            },
        )
    if services.certificate_revoke(certificate=cert, request=request):
        messages.success(request, "证明已作废。")
    else:
        messages.info(request, "该证明此前已作废。")
    return redirect(back)


# --- 年度对账单 ---------------------------------------------------------------------------------


def _statement_for(request, person, params):
    accounts = fund.account_list(person=person)
    account = fund.account_pick(accounts, params.get("grzh"))
    if account is None:
        return accounts, None, [], None
    today = timezone.localdate()
    last_day = None
    if account.is_closed:
        last_day = content._closed_on(account)
    years = statement_years(account, today=today, last_day=last_day)
    try:
        year = int(params.get("year") or years[0])
    except (TypeError, ValueError):
        year = years[0]
    if year not in years:
        year = years[0]
    return accounts, account, years, annual_statement(account=account, year=year, today=today)


@require_GET
@person_required
def statement(request, person):
    accounts, account, years, st = _statement_for(request, person, request.GET)
    context = {
        "accounts": accounts,
        "account": account,
        "years": years,
        "st": st,
        "check_text": content.interest_check_text(st) if st and st.working else "",
        "has_loans": loans.has_loans(person=person),
        "active": "ledger",
        "page_title": "年度对账单",
    }
    return render(request, "info/statement.html", context)


@require_POST
@person_required
def statement_issue(request, person):
    _, account, _, st = _statement_for(request, person, request.POST)
    if st is None:
        raise Http404("账户不存在")
    document = content.statement_document(person=person, st=st, center=settings.CENTER_NAME)
    cert = services.certificate_issue(
        person=person,
        document=document,
        host=request.get_host(),
        request=request,
        user=request.user,
    )
    messages.success(request, f"年度对账单已生成，验证码 {codes.grouped(cert.code)}。")
    return redirect("certificates:detail", code=cert.code)


# --- public verify -----------------------------------------------------------------------------


def _limited(minutes: int) -> HttpResponse:
    body = get_template("certificates/verify_limited.html").render({"minutes": minutes})
    response = HttpResponse(body, status=429)
    response["Retry-After"] = str(minutes * 60)
    # Django logs every 4xx; a flood of refused guesses would flood the log (the counter is the
    # record), so this response counts as logged.
    response._has_been_logged = True
    return response


@never_cache
@require_GET
def verify(request, code=None):
    """Anyone holding the paper: the code (typed, or from the QR) → what the paper states."""
    code = code or request.GET.get("code")
    context = {"code": (code or "")[:40], "looked_up": bool(code)}
    if code:
        wait = ratelimit.hit(
            "verify",
            client_ip(request) or "-",
            limit=settings.VERIFY_LIMIT,
            window=settings.VERIFY_WINDOW_SECONDS,
        )
        if wait:
            return _limited(-(-wait // 60))
        cert = selectors.certificate_lookup(code)
        if cert is not None:
            state = selectors.certificate_state(cert)
            context.update(
                cert=cert,
                doc=selectors.document_of(cert),
                state=state,
                state_label=selectors.STATE_LABELS[state],
                code_grouped=codes.grouped(cert.code),
            )
    return render(request, "certificates/verify.html", context, status=200)
