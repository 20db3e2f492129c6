"""Validation of one row of each file: cells in, model field values out (or errors).

Each `parse_*` returns a dict of field values, or None after adding (column, reason) pairs to
`errors`. Cross-record checks (parents, balances) happen in the importer.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from gjj.core import codes, pii
from gjj.core.money import ZERO
from gjj.interchange import fields as f

REPAYMENT_TYPES = frozenset({"02", "03", "04", "05", "06"})
MONTHLY_REPAYMENT_TYPES = frozenset({"02", "04"})


class Cells:
    def __init__(self, values: dict[str, str]):
        self.values = values
        self.errors: list[tuple[str, str]] = []

    def raw(self, column: str) -> str:
        return self.values.get(column, "")

    def get(self, column: str, parse=None, *args, required: bool = False, **kwargs):
        raw = self.values.get(column, "")
        if raw == "":
            if required:
                self.errors.append((column, "必须填写，不能为空"))
            return None
        if parse is None:
            return raw
        try:
            return parse(raw, *args, **kwargs)
        except f.FieldError as exc:
            self.errors.append((column, str(exc)))
            return None

    def need(self, column: str, value, reason: str):
        if value is None and not any(c == column for c, _ in self.errors):
            self.errors.append((column, reason))

    def text(self, column: str, max_length: int, *, required: bool = False) -> str:
        return self.get(column, f.text, max_length, required=required) or ""


def id_digest(cells: Cells, column: str = "zjhm") -> str | None:
    """The look-up digest of a referenced person's ID number (no check character test here)."""
    value = cells.get(column, f.text, 40, required=True)
    return pii.digest(pii.normalize_id(value)) if value else None


def parse_person(cells: Cells) -> dict | None:
    zjlx = cells.get("zjlx", f.code, codes.IdType, "证件类型", required=True)
    zjhm = cells.get("zjhm", f.id_number, zjlx, required=True)
    row = dict(
        zjlx=zjlx,
        zjhm=zjhm,
        xingming=cells.text("xingming", 60, required=True),
        xingbie=cells.get("xingbie", f.code, codes.Sex, "性别") or "",
        sjhm=cells.get("sjhm", f.phone) or "",
        jtzz=cells.text("jtzz", 200),
    )
    return None if cells.errors else row


def parse_account(cells: Cells) -> dict | None:
    row = dict(
        grzh=cells.text("grzh", 32, required=True),
        person_digest=id_digest(cells),
        dwzh=cells.text("dwzh", 32, required=True),
        dwmc=cells.text("dwmc", 120, required=True),
        grzhzt=cells.get("grzhzt", f.code, codes.AccountState, "个人账户状态", required=True),
        khrq=cells.get("khrq", f.date, required=True),
        grjcjs=cells.get("grjcjs", f.amount, required=True),
        dwjcbl=cells.get("dwjcbl", f.rate, required=True),
        grjcbl=cells.get("grjcbl", f.rate, required=True),
        dwyjce=cells.get("dwyjce", f.amount, required=True),
        gryjce=cells.get("gryjce", f.amount, required=True),
        jzny=cells.get("jzny", f.month) or "",
        grzhye=cells.get("grzhye", f.amount, required=True),
        grckzhhm=cells.text("grckzhhm", 32),
        grckzhkhyhmc=cells.text("grckzhkhyhmc", 60),
    )
    return None if cells.errors else row


LEDGER_FIELDS = ("jzrq", "gjhtqywlx", "fse", "fslxe", "tqyy", "tqfs", "ywzy", "czbz", "sqid")


def parse_ledger(cells: Cells) -> dict | None:
    kind = cells.get("gjhtqywlx", f.code, codes.LedgerType, "归集和提取业务类型", required=True)
    row = dict(
        ywlsh=cells.text("ywlsh", 40, required=True),
        grzh=cells.text("grzh", 32, required=True),
        jzrq=cells.get("jzrq", f.date, required=True),
        gjhtqywlx=kind,
        fse=cells.get("fse", f.amount, signed=True, required=True),
        fslxe=cells.get("fslxe", f.amount, signed=True) or ZERO,
        tqyy=cells.get("tqyy", f.code, codes.WithdrawalReason, "提取原因") or "",
        tqfs=cells.get("tqfs", f.code, codes.WithdrawalMethod, "提取方式") or "",
        ywzy=cells.text("ywzy", 120),
        czbz=cells.get("czbz", f.code, codes.ReversalFlag, "冲账标识") or "01",
        sqid=cells.text("sqid", 40),
    )
    if kind in codes.WITHDRAWAL_LEDGER_TYPES:
        label = codes.LedgerType(kind).label
        if not cells.raw("tqyy"):
            cells.errors.append(("tqyy", f"业务类型为{label}时必须填写提取原因"))
        if not cells.raw("tqfs"):
            cells.errors.append(("tqfs", f"业务类型为{label}时必须填写提取方式"))
    return None if cells.errors else row


_LEDGER_TYPES = frozenset(codes.LedgerType.values)
_REASONS = frozenset(codes.WithdrawalReason.values) | {""}
_METHODS = frozenset(codes.WithdrawalMethod.values) | {""}
_FLAGS = frozenset(codes.ReversalFlag.values)


def parse_ledger_fast(values: dict[str, str]) -> dict | None:
    """The common, valid ledger row in one go (the ledger is the big file). None sends the row
    to `parse_ledger`, which finds the exact reasons."""
    get = values.get
    ywlsh, grzh, kind = get("ywlsh", ""), get("grzh", ""), get("gjhtqywlx", "")
    tqyy, tqfs, ywzy = get("tqyy", ""), get("tqfs", ""), get("ywzy", "")
    fse, fslxe, jzrq = get("fse", ""), get("fslxe", "") or "0.00", get("jzrq", "")
    czbz = get("czbz", "") or "01"
    sqid = get("sqid") or ""
    if not (0 < len(ywlsh) <= 40 and 0 < len(grzh) <= 32 and len(ywzy) <= 120):
        return None
    if kind not in _LEDGER_TYPES or czbz not in _FLAGS or len(sqid) > 40:
        return None
    if tqyy not in _REASONS or tqfs not in _METHODS:
        return None
    if kind in codes.WITHDRAWAL_LEDGER_TYPES and not (tqyy and tqfs):
        return None
    if not (f.AMOUNT.match(fse) and f.AMOUNT.match(fslxe) and f.DATE.match(jzrq)):
        return None
    try:
        day = dt.date.fromisoformat(jzrq)
    except ValueError:
        return None
    return dict(
        ywlsh=ywlsh,
        grzh=grzh,
        jzrq=day,
        gjhtqywlx=kind,
        fse=Decimal(fse),
        fslxe=Decimal(fslxe),
        tqyy=tqyy,
        tqfs=tqfs,
        ywzy=ywzy,
        czbz=czbz,
        sqid=sqid,
    )


def parse_loan(cells: Cells) -> dict | None:
    dkffrq = cells.get("dkffrq", f.date)
    dkye = cells.get("dkye", f.amount)
    row = dict(
        jkhtbh=cells.text("jkhtbh", 32, required=True),
        dkzh=cells.text("dkzh", 32, required=True),
        person_digest=id_digest(cells),
        htdkje=cells.get("htdkje", f.amount, required=True),
        dkqs=cells.get("dkqs", f.integer, low=1, high=600, required=True),
        dkll=cells.get("dkll", f.rate, required=True),
        dkhkfs=cells.get("dkhkfs", f.code, codes.RepaymentMethod, "还款方式", required=True),
        swtyhmc=cells.text("swtyhmc", 60, required=True),
        jkhtqdrq=cells.get("jkhtqdrq", f.date, required=True),
        dkffrq=dkffrq,
        ydhkr=cells.get("ydhkr", f.integer, low=1, high=31, required=True),
        scyhny=cells.get("scyhny", f.month) or "",
        dkye=dkye if dkye is not None else ZERO,
        fwzl=cells.text("fwzl", 200),
        fwjzmj=cells.get("fwjzmj", f.amount),
        fwzj=cells.get("fwzj", f.amount),
        sqid=cells.text("sqid", 40),
    )
    if dkffrq is not None and not cells.raw("dkye"):
        cells.need("dkye", None, "贷款已发放（填写了 dkffrq）时必须填写贷款余额")
    return None if cells.errors else row


TXN_FIELDS = ("ywfsrq", "hkny", "dkywmxlx", "ffje", "bjje", "lxje", "fxje", "tqhkfs")


def parse_txn(cells: Cells) -> dict | None:
    kind = cells.get("dkywmxlx", f.code, codes.LoanTxnType, "贷款业务明细类型", required=True)
    row = dict(
        ywlsh=cells.text("ywlsh", 40, required=True),
        jkhtbh=cells.text("jkhtbh", 32, required=True),
        ywfsrq=cells.get("ywfsrq", f.date, required=True),
        hkny=cells.get("hkny", f.month) or "",
        dkywmxlx=kind,
        ffje=cells.get("ffje", f.amount),
        bjje=cells.get("bjje", f.amount),
        lxje=cells.get("lxje", f.amount),
        fxje=cells.get("fxje", f.amount),
        tqhkfs=cells.get("tqhkfs", f.code, codes.PrepaymentMode, "提前还款方式") or "",
    )
    if kind is not None:
        label = codes.LoanTxnType(kind).label
        if kind == "01":
            cells.need("ffje", row["ffje"], "贷款发放必须填写放款金额")
        if kind in REPAYMENT_TYPES:
            for column, what in (("bjje", "本金"), ("lxje", "利息"), ("fxje", "罚息")):
                cells.need(column, row[column], f"{label}必须填写{what}金额（没有时填 0.00）")
        if kind in MONTHLY_REPAYMENT_TYPES and not cells.raw("hkny"):
            cells.need("hkny", None, f"{label}必须填写还款年月")
        if kind == "03" and not cells.raw("tqhkfs"):
            cells.need("tqhkfs", None, "提前还款必须填写提前还款方式")
    for column in ("ffje", "bjje", "lxje", "fxje"):
        if row[column] is None:
            row[column] = ZERO
    return None if cells.errors else row


def parse_message(cells: Cells) -> dict | None:
    row = dict(
        xxid=cells.text("xxid", 40, required=True),
        person_digest=id_digest(cells),
        ywmc=cells.text("ywmc", 80, required=True),
        xxnr=cells.get("xxnr", required=True) or "",
        tsqd=cells.text("tsqd", 20, required=True),
        tssj=cells.get("tssj", f.datetime, required=True),
    )
    return None if cells.errors else row


def parse_application(cells: Cells) -> dict | None:
    row = dict(
        sqid=cells.text("sqid", 40, required=True),
        person_digest=id_digest(cells),
        ywlx=cells.text("ywlx", 40, required=True),
        ywxx=cells.text("ywxx", 120, required=True),
        jkhtbh=cells.text("jkhtbh", 32),
        fqsj=cells.get("fqsj", f.datetime, required=True),
        wcsj=cells.get("wcsj", f.datetime),
    )
    return None if cells.errors else row


def parse_step(cells: Cells) -> dict | None:
    row = dict(
        sqid=cells.text("sqid", 40, required=True),
        xh=cells.get("xh", f.integer, low=1, high=999, required=True),
        jdmc=cells.text("jdmc", 40, required=True),
        blr=cells.text("blr", 60),
        spyj=cells.text("spyj", 200),
        blsj=cells.get("blsj", f.datetime),
    )
    return None if cells.errors else row
