"""Demo data written in the hall itself: two staff logins, withdrawal applications at every
node (受理, 初审, 复审, 退回补正, 待入账, 已报送, 办结, 不予受理, 撤回), two loan applications and a
prepayment, so the back office is not empty. Everything goes through the services, as a
depositor and the staff would."""

from __future__ import annotations

import io
from decimal import Decimal
from pathlib import Path

from django.contrib.auth.models import Group
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.db.models import Q

from gjj.applications import drafts
from gjj.applications import services as apps
from gjj.applications.models import Application, State
from gjj.core.codes import AccountState, LoanState
from gjj.fund.models import FundAccount
from gjj.identity.models import User
from gjj.interchange.core_results import write_results
from gjj.interchange.demo import PERSONAS
from gjj.interchange.export import export_applications
from gjj.staff.models import StaffProfile
from gjj.withdrawals import selectors as wsel
from gjj.withdrawals import services as wservices

STAFF_PASSWORD = "Staff-2026-gjj"  # noqa: S105 - the published demo password
STAFF = (
    ("slcs", "王受理", ("受理", "初审")),
    ("fsgl", "李复审", ("复审", "管理")),
)
BUY = ("购房合同或不动产权证书", "购房发票或契税完税凭证")


def demo_staff() -> list[tuple[str, str, str]]:
    rows = []
    for username, name, roles in STAFF:
        user, _ = User.objects.get_or_create(username=username, defaults={"is_staff": True})
        user.is_staff, user.is_active, user.first_name = True, True, name
        user.set_password(STAFF_PASSWORD)
        user.save()
        for role in roles:
            user.groups.add(Group.objects.get_or_create(name=role)[0])
        StaffProfile.objects.update_or_create(user=user, defaults={"must_change_password": False})
        rows.append((username, STAFF_PASSWORD, "、".join(roles)))
    return rows


def _pdf(title: str) -> SimpleUploadedFile:
    body = (
        b"%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n"
        b"2 0 obj<</Type/Pages/Kids[]/Count 0>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n"
    )
    return SimpleUploadedFile(f"{title}.pdf", body, "application/pdf")


def _submit(person, code: str, amount: str | None, materials=()):
    draft = drafts.draft_save(
        person=person,
        business=wsel.BUSINESS,
        data={"code": code, "amount": amount or "", "whole": amount is None},
    )
    for name in materials:
        drafts.material_add(person=person, draft=draft, name=name, upload=_pdf(name))
    return wservices.withdrawal_submit(person=person, draft=draft)


def _act(app, user, action="pass", opinion=""):
    app.refresh_from_db()
    return apps.application_act(
        application=app,
        user=user,
        xh=app.current_xh,
        version=app.version,
        action=action,
        opinion=opinion,
    )


def demo_applications() -> int:
    """Applications at every node for demo depositors who are not the login personas."""
    if Application.objects.filter(~Q(business="")).exists():
        return 0
    clerk, boss = (User.objects.get(username=u) for u, _, _ in STAFF)
    persona_ids = {p.zjhm for p in PERSONAS}
    candidates = (
        FundAccount.objects.filter(grzhzt=AccountState.NORMAL, grzhye__gte=Decimal("60000"))
        .exclude(grckzhhm="")
        .select_related("person")
        .order_by("id")
    )
    people = [a.person for a in candidates if a.person.zjhm not in persona_ids][:10]
    if len(people) < 10:
        return 0
    made = []
    # 受理 (waiting), 初审, 复审 (a large amount), 退回补正, 待入账, 已报送 is left to the
    # export command, 不予受理, 撤回, 秒批 (租房).
    made.append(_submit(people[0], "01", "30000.00", BUY))
    a = _submit(people[1], "09", "12000.00", ("二级以上医院的诊断证明", "医疗费用发票"))
    _act(a, clerk)
    made.append(a)
    a = _submit(people[2], "01", "58000.00", BUY)
    _act(a, clerk)
    _act(a, boss, opinion="材料齐全")
    made.append(a)
    a = _submit(people[3], "10", "2400.00", ("物业服务合同", "物业费缴费发票"))
    _act(a, clerk, "return", "物业费缴费发票不清晰，请重新拍照上传")
    made.append(a)
    a = _submit(people[4], "02", "20000.00", ("建房、翻修或大修的审批文件", "工程费用发票"))
    _act(a, clerk)
    _act(a, boss)
    made.append(a)
    a = _submit(people[5], "01", "5000.00", BUY)
    _act(a, clerk, "refuse", "购房合同的买受人不是申请人本人")
    made.append(a)
    a = _submit(people[6], "01", "8000.00", BUY)
    apps.application_withdraw(application=a, person=people[6])
    made.append(a)
    made.append(_submit(people[7], "07", "1500.00"))
    made.append(_submit(people[8], "03", None, ("离休、退休证明或养老金领取证明",)))
    made.append(_submit(people[9], "07", "1800.00"))
    return len(made) + demo_loan_business(exclude=persona_ids | {p.zjhm for p in people})


def demo_loan_business(*, exclude: set[str]) -> int:
    """Two loan applications (受理; 复审, after 受理 and 初审) and a 02 prepayment at 受理, for
    demo depositors the rules let apply (a refused candidate is skipped: nothing is stored)."""
    from gjj.loanapps import rules as loan_rules
    from gjj.loanapps import services as loan_services
    from gjj.loans.models import LoanContract
    from gjj.prepayments import services as prepay_services

    clerk, boss = (User.objects.get(username=u) for u, _, _ in STAFF)
    required = [m["name"] for m in loan_rules.MATERIALS if m["required"]]
    # A first new home of 1,000,000, 200,000 over 10 years (the age limit allows it to most).
    data = {
        "ysr": "20000.00", "yzw": "0", "fj": "1000000.00", "tflx": loan_rules.FIRST_HOME,
        "qx": 10, "hkfs": "01", "po": False, "poxm": "", "pozjhm": "", "pojc": False,
        "dkje": "200000.00", "fwzl": "薛城区泰山南路 1 号 2 单元 301 室", "fwmj": "89.50",
        "fwxz": loan_rules.NEW_HOUSE,
    }  # fmt: skip
    made = []
    borrowers = (
        FundAccount.objects.filter(grzhzt=AccountState.NORMAL, grzhye__gte=Decimal("20000"))
        .exclude(person__loans__isnull=False)
        .select_related("person")
        .order_by("id")
    )
    for account in borrowers:
        if len(made) == 2:
            break
        if account.person.zjhm in exclude:
            continue
        files = [(name, _pdf(name)) for name in required]
        try:
            made.append(loan_services.loan_apply(person=account.person, data=data, files=files))
        except apps.WorkflowError:
            continue
    if len(made) == 2:
        _act(made[1], clerk)  # 受理
        _act(made[1], boss, opinion="收入证明与缴存基数相符")  # 初审 (管理)
    loans = (
        LoanContract.objects.filter(dkzt=LoanState.REPAYING, dkye__gte=Decimal("50000"))
        .select_related("person")
        .order_by("id")
    )
    for contract in loans:
        if contract.person.zjhm in exclude:
            continue
        try:
            made.append(
                prepay_services.prepayment_submit(
                    person=contract.person,
                    contract=contract,
                    mode="02",
                    amount=Decimal("20000.00"),
                    on=None,
                    source="1",
                    fund_amount=None,
                    token=prepay_services.new_token(contract.person),
                )
            )
        except apps.WorkflowError:
            continue
        break
    return len(made)


def demo_round_trip(folder: Path) -> None:
    """Hand two approved applications to the 'core system' and answer the first, so the demo
    holds 待入账, 已报送 and 办结 (the same commands an operator runs)."""
    approved = list(
        Application.objects.filter(state=State.APPROVED)
        .order_by("id")
        .values_list("sqid", flat=True)
    )
    if len(approved) < 3:
        return
    for sqid in approved[:2]:
        result = export_applications(folder / "out", again=sqid)
    with open(result.path, encoding="utf-8") as fh:
        header, first = fh.readline(), fh.readline()
    one = folder / "first.csv"
    one.write_text(header + first, encoding="utf-8")
    write_results(one, folder / "back")
    call_command("import_core", str(folder / "back"), stdout=io.StringIO())


def states_summary() -> dict[str, int]:
    out = {}
    for state in State:
        n = Application.objects.filter(state=state).exclude(business="").count()
        if n:
            out[state.label] = n
    return out
