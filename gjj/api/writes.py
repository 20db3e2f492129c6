"""/api/v1/ writes: a depositor's applications from the app, through the pages' services and
rules (gjj.withdrawals.services builds the same draft and runs the same checks as 我要提取).

A write takes an optional Idempotency-Key; refusals are a 422 in the one error shape with the
failed checks; every write is audited with the channel `app` (the token sets it).
"""

from __future__ import annotations

import hashlib

from django.utils import timezone
from ninja import File, Form, Router, Status
from ninja.files import UploadedFile

from gjj.api import schemas
from gjj.api.errors import Error
from gjj.api.idempotency import IdempotencyKey, idempotent
from gjj.api.shapes import application_brief, flow_nodes
from gjj.applications import selectors as applications
from gjj.applications import services as app_services
from gjj.applications import uploads
from gjj.applications.models import State
from gjj.core.masking import mask_card
from gjj.core.money import ZERO
from gjj.loanapps import rules as loan_rules
from gjj.loanapps import services as loan_services
from gjj.loanapps.forms import ApplyForm as LoanForm
from gjj.loans import selectors as loans
from gjj.prepayments import selectors as prepayments
from gjj.prepayments import services as prepayment_services
from gjj.prepayments.forms import ApplyForm
from gjj.withdrawals import selectors as withdrawals
from gjj.withdrawals import services as withdrawal_services
from gjj.withdrawals.forms import AmountForm

router = Router(tags=["applications"])
WRITE_ANSWERS = {400: Error, 401: Error, 404: Error, 409: Error, 429: Error}


def _owner(request) -> str:
    return f"user:{request.user.pk}"


def _result(application, message: str) -> dict:
    """The application as the answer of a write, already in its JSON form (kept as such for a
    replay with the same Idempotency-Key)."""
    answer = {
        **application_brief(application),
        "jkhtbh": application.contract.jkhtbh if application.contract_id else None,
        "elapsed_seconds": applications.application_elapsed_seconds(application),
        "nodes": flow_nodes(applications.application_flow(application)),
        "state": application.state,
        "state_label": State(application.state).label if application.state else "",
        "amount": application.amount,
        "message": message,
    }
    return schemas.ApplicationResult.model_validate(answer).model_dump(mode="json")


def _refusal(code: str, message: str, checks=()) -> tuple[int, dict]:
    return 422, {
        "code": code,
        "message": message,
        "checks": [{"code": c.code, "label": c.label, "message": c.message} for c in checks],
    }


# --- 提取 ------------------------------------------------------------------------------------


@router.get("/withdrawal/reasons", response={200: schemas.WithdrawalForm, 401: Error, 429: Error})
def withdrawal_reasons(request):
    """我要提取: the reasons offered online (the policy table the center edits), the account a
    withdrawal draws on, and the withdrawal in progress if any."""
    person = request.person
    account = withdrawals.withdrawal_account(person=person)
    busy = withdrawals.in_progress(person=person)
    account_answer = None
    if account is not None:
        # As the rules count it (withdrawals.selectors.facts): a closed account earns none.
        interest = ZERO
        if not account.is_closed:
            interest = withdrawals.accrued_interest(account, timezone.localdate())
        account_answer = {
            "grzh": account.grzh,
            "grzhzt": account.grzhzt,
            "grzhzt_label": account.get_grzhzt_display(),
            "grzhye": account.grzhye,
            "interest": interest,
            "whole_amount": account.grzhye + interest,
            "card": mask_card(account.grckzhhm),
            "bank": account.grckzhkhyhmc,
        }
    return {
        "account": account_answer,
        "in_progress": busy.sqid if busy is not None else None,
        "max_files": uploads.MAX_FILES,
        "max_file_bytes": uploads.MAX_BYTES,
        "file_types": sorted(uploads.ALLOWED),
        "reasons": [
            {
                "code": p.code,
                "label": p.label,
                "kind": p.kind,
                "closes_account": p.closes_account,
                "auto_approve": p.auto_approve,
                "needs_loan": p.needs_loan,
                "account_states": list(p.account_states),
                "cap_month": p.cap_month,
                "cap_year": p.cap_year,
                "min_interval_days": p.min_interval_days,
                "materials": [
                    {"name": m["name"], "required": bool(m.get("required"))} for m in p.materials
                ],
            }
            for p in withdrawals.policies_online()
        ],
    }


def _file_digest(upload) -> str:
    digest = hashlib.sha256()
    for chunk in upload.chunks():
        digest.update(chunk)
    upload.seek(0)
    return digest.hexdigest()


@router.post(
    "/applications/withdrawal",
    response={201: schemas.ApplicationResult, 422: schemas.Refusal, **WRITE_ANSWERS},
)
def withdrawal_submit(
    request,
    body: Form[schemas.WithdrawalIn],
    materials: File[list[UploadedFile]] = None,
    idempotency_key: IdempotencyKey = None,
):
    """我要提取 in one request (multipart/form-data): the reason's `code`, the `amount` (or
    `whole`), and the materials as files (`materials`, PDF/JPEG/PNG, ≤ 10 MB each, ≤ 10 files)
    each named by `material_names` in the same order. The rules of the web page decide: a
    refusal is a 422 with every failed check (`checks`) and stores nothing. A reason without
    required materials needs no file; 秒批 reasons are approved at once (state `approved`)."""
    files = list(materials or [])
    return _multipart(
        request, body, files, idempotency_key, lambda: _withdrawal(request, body, files)
    )


def _multipart(request, body, files: list, key: str | None, write) -> Status:
    """A multipart write with materials: too many or too large files are refused before
    anything reads them; the Idempotency-Key's body is the fields and each file's digest."""
    try:
        if len(files) > uploads.MAX_FILES:
            raise uploads.UploadRefused(uploads.TOO_MANY_FILES)
        for upload in files:
            uploads.check_size(upload)
    except uploads.UploadRefused as exc:
        return Status(*_refusal("upload_refused", f"{exc}未保存任何内容。"))
    asked = {**body.model_dump(), "materials": [[f.name, _file_digest(f)] for f in files]}
    status, answer = idempotent(request, owner=_owner(request), key=key, body=asked, write=write)
    return Status(status, answer)


def _paired(names: list[str], files: list, allowed: list[str], what: str):
    """(material name, file) pairs, or the refusal when the names do not fit the files or are
    not the business's."""
    if len(names) != len(files):
        return _refusal(
            "material_names",
            f"上传了 {len(files)} 个文件，material_names 却有 {len(names)} 项："
            "每个文件须对应一项材料名称，顺序相同。",
        )
    unknown = [n for n in names if n not in allowed]
    if unknown:
        return _refusal(
            "unknown_material",
            f"材料名称“{'、'.join(unknown)}”不是{what}的材料；"
            f"可用：{'、'.join(allowed) or '（无需材料）'}。",
        )
    return list(zip(names, files, strict=True))


def _submitted(submit, message) -> tuple[int, dict]:
    """Run a business's submission; its refusals as the API's answers."""
    try:
        application = submit()
    except app_services.Refused as exc:
        return _refusal("refused", f"申请未通过校验，未保存任何内容：{exc}", exc.checks)
    except uploads.UploadRefused as exc:
        return _refusal("upload_refused", f"{exc}未保存任何内容。")
    except app_services.WorkflowError as exc:
        return 409, {"code": "not_allowed", "message": str(exc)}
    return 201, _result(application, message(application))


def _form_message(form) -> str:
    return " ".join(str(e) for errs in form.errors.values() for e in errs)


def _withdrawal(request, body: schemas.WithdrawalIn, files: list) -> tuple[int, dict]:
    policy = withdrawals.policy_online(body.code)
    if policy is None:
        codes = "、".join(p.code for p in withdrawals.policies_online())
        return _refusal(
            "unknown_reason", f"请选择提取原因：code 应为网上可办理的原因代码（{codes}）。"
        )
    form = AmountForm({"amount": body.amount, "whole": body.whole}, closing=policy.closes_account)
    if not form.is_valid():
        return _refusal("invalid_amount", _form_message(form))
    pairs = _paired(
        body.material_names, files, [m["name"] for m in policy.materials], f"{policy.label}提取"
    )
    if isinstance(pairs, tuple):
        return pairs
    return _submitted(
        lambda: withdrawal_services.withdrawal_apply(
            person=request.person,
            policy=policy,
            amount=form.cleaned_data["amount"],
            whole=bool(form.cleaned_data["whole"]),
            files=pairs,
            request=request,
        ),
        withdrawal_services.submitted_message,
    )


# --- 申请提前还款 ----------------------------------------------------------------------------


@router.post(
    "/applications/prepayment",
    response={201: schemas.ApplicationResult, 422: schemas.Refusal, **WRITE_ANSWERS},
)
def prepayment_submit(request, body: schemas.PrepaymentIn, idempotency_key: IdempotencyKey = None):
    """申请提前还款 (JSON): the page's form and rules (gjj.prepayments), the engine's figures in
    the stored application. A refusal is a 422 with every failed check and stores nothing;
    another person's contract is a 404."""
    contracts = loans.contract_list(person=request.person)
    contract = loans.contract_pick(contracts, body.jkhtbh or "-")  # another person's: 404
    status, answer = idempotent(
        request,
        owner=_owner(request),
        key=idempotency_key,
        body=body.model_dump(mode="json"),
        write=lambda: _prepayment(request, body, contracts, contract),
    )
    return Status(status, answer)


def _prepayment(request, body: schemas.PrepaymentIn, contracts, contract) -> tuple[int, dict]:
    open_loans = [c for c in contracts if c.is_disbursed and not loans.is_settled(c)]
    if contract not in open_loans:
        return _refusal("not_open", "请先选择一笔已发放且未结清的贷款。")
    data = body.model_dump()
    data["tqhkrq"] = body.tqhkrq.isoformat() if body.tqhkrq else ""
    form = ApplyForm(data, contracts=open_loans)
    if not form.is_valid():
        return _refusal("invalid", _form_message(form))
    c = form.cleaned_data
    return _submitted(
        lambda: prepayment_services.prepayment_submit(
            person=request.person,
            contract=contract,
            mode=c["tqhkfs"],
            amount=None if prepayments.settles(c["tqhkfs"]) else c.get("amount"),
            on=c.get("tqhkrq"),
            source=c["zjly"],
            fund_amount=c.get("fund"),
            token=prepayment_services.new_token(request.person),
            request=request,
        ),
        prepayment_services.submitted_message,
    )


# --- 贷款申请 --------------------------------------------------------------------------------

LOAN_MATERIALS = [m["name"] for m in loan_rules.MATERIALS]


@router.post(
    "/applications/loan",
    response={201: schemas.ApplicationResult, 422: schemas.Refusal, **WRITE_ANSWERS},
    description=(
        "贷款申请 in one request (multipart/form-data), with the fields of the pages (额度试算 "
        "and the form) and the materials as files (`materials`, each named by `material_names` "
        "in the same order: "
        + "、".join(
            f"{m['name']}{'（必需）' if m['required'] else ''}" for m in loan_rules.MATERIALS
        )
        + "). The pages' rules decide (conditions, the four limits, the term, the materials): "
        "a refusal is a 422 with every failed check and stores nothing."
    ),
)
def loan_submit(
    request,
    body: Form[schemas.LoanIn],
    materials: File[list[UploadedFile]] = None,
    idempotency_key: IdempotencyKey = None,
):
    files = list(materials or [])
    return _multipart(request, body, files, idempotency_key, lambda: _loan(request, body, files))


def _loan(request, body: schemas.LoanIn, files: list) -> tuple[int, dict]:
    fields = body.model_dump(exclude={"material_names"})
    data = {k: v for k, v in fields.items() if not (isinstance(v, bool) and not v)}
    form = LoanForm(data)
    if not form.is_valid():
        return _refusal("invalid", _form_message(form))
    pairs = _paired(body.material_names, files, LOAN_MATERIALS, "贷款申请")
    if isinstance(pairs, tuple):
        return pairs
    return _submitted(
        lambda: loan_services.loan_apply(
            person=request.person, data=form.to_data(), files=pairs, request=request
        ),
        loan_services.submitted_message,
    )


# --- 撤回 ------------------------------------------------------------------------------------


@router.post(
    "/applications/{sqid}/withdraw",
    response={200: schemas.ApplicationResult, **WRITE_ANSWERS},
)
def application_withdraw(request, sqid: str, idempotency_key: IdempotencyKey = None):
    """撤回 an application while the center has not started on it (otherwise 409)."""
    application = applications.application_find(person=request.person, sqid=sqid)

    def write() -> tuple[int, dict]:
        try:
            done = app_services.application_withdraw(
                application=application, person=request.person, request=request
            )
        except app_services.WorkflowError as exc:
            return 409, {"code": "cannot_withdraw", "message": str(exc)}
        return 200, _result(done, "申请已撤回。")

    status, answer = idempotent(
        request, owner=_owner(request), key=idempotency_key, body={"sqid": sqid}, write=write
    )
    return Status(status, answer)
