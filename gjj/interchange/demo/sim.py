"""Simulation of one person's fund accounts and loans, month by month, into interchange rows.

Amounts on the hot path (monthly deposits, running balances) are integer fen; every figure a
rule defines comes from the engines: deposit parts from `round_fen`, 30 June interest from
`gjj.fund.interest.annual_interest`, the interest credited before a closing withdrawal from
`accrued_interest_to`, repayments from `gjj.loans.plan.build_plan` and
`replan_after_prepayment`, rates from the dated table by signing date.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, timedelta
from decimal import Decimal

from gjj.core.money import round_fen
from gjj.fund.interest import DEPOSIT_RATES, accrued_interest_to, annual_interest
from gjj.loans import plan as engine

from .regions import base_cap_fen, base_floor_fen, base_year

# The deposit-rate table starts in 2016; earlier interest years use this rate (demo only).
RATE_BEFORE_TABLE = Decimal("1.50")

LOAN_MIN_FEN = 100_000_00
LOAN_MAX_FEN = 800_000_00


def yuan(fen: int) -> str:
    """Integer fen -> '1151.00' / '-14100.00'."""
    if fen < 0:
        return "-" + yuan(-fen)
    return f"{fen // 100}.{fen % 100:02d}"


def to_fen(value: Decimal) -> int:
    return int(value.scaleb(2))


def dec(fen: int) -> Decimal:
    return Decimal(fen).scaleb(-2)


def deposit_rate_arg(year_start: date) -> Decimal | None:
    """None (the engine's dated table) once the table covers the whole interest year."""
    return None if year_start >= DEPOSIT_RATES[0][0] else RATE_BEFORE_TABLE


def ym(d: date) -> str:
    return f"{d.year:04d}{d.month:02d}"


def month_index(d: date) -> int:
    return d.year * 12 + d.month - 1


def from_index(k: int) -> tuple[int, int]:
    return k // 12, k % 12 + 1


@dataclass
class Employer:
    dwzh: str
    dwmc: str
    payday: int


@dataclass
class LoanPlan:
    signed: date
    months: int
    method: str
    multiple_pct: int  # contract amount ≈ fund balance × multiple_pct / 100, clamped
    bank: str
    status: str = "active"  # active | overdue | undisbursed
    disburse: date | None = None
    cash_prepays: list[tuple[date, int, str]] = field(default_factory=list)  # date, % of bal, mode
    fund_prepays: list[date] = field(default_factory=list)  # 70 + 03 (mode 02)
    settle: tuple[date, str] | None = None  # (date, "03" prepay-settle | "06" 结清)
    yearly_withdrawal: bool = False
    amount_fen: int | None = None
    jkhtbh: str | None = None
    steps_done: int = 7  # application nodes done (undisbursed loans: fewer)
    app_seconds: int | None = None  # the whole application's duration (personas)


@dataclass
class AccountPlan:
    open: date
    employer: Employer
    base_fen: int
    dw: str
    gr: str
    card: str
    bank: str
    end: tuple | None = None  # ("seal", d) | ("close", d, tqyy) | ("transfer", d)
    backpay_months: int = 0  # 补缴 at opening for the months before it
    arrears_per_mille: int = 12  # chance a month is missed (paid later by 补缴)
    withdrawals: list[tuple[date, str, str, int, int]] = field(default_factory=list)
    # (date, tqyy, tqfs, percent of balance, fixed fen (0 = use percent))
    loans: list[LoanPlan] = field(default_factory=list)
    grzh: str | None = None


@dataclass
class PersonCtx:
    """What a person's simulation produces besides rows: notices and applications."""

    zjhm: str
    name: str
    notes: list[tuple] = field(default_factory=list)  # (date, kind, text-args...)
    withdrawals: list[tuple[date, str, int]] = field(default_factory=list)
    loans: list[LoanSim] = field(default_factory=list)
    accounts: list[AccountSim] = field(default_factory=list)


class LoanSim:
    """A loan contract from disbursement to --today, written as loan_txns rows."""

    def __init__(self, gen, person: PersonCtx, lp: LoanPlan, amount_fen: int, jkhtbh: str):
        self.gen = gen
        self.person = person
        self.lp = lp
        self.jkhtbh = jkhtbh
        self.amount = dec(amount_fen)
        self.rate = engine.rate_for(engine.DEFAULT_RATES, lp.signed, lp.months)
        self.balance = Decimal("0.00")
        self.plan: list[engine.Installment] = []
        self.idx = 0
        self.seq = 0
        self.dkffrq: date | None = None
        self.dkzh = gen.next_dkzh(lp.signed)  # the loan account is opened with the contract
        self.ydhkr = 0
        self.scyhny = ""
        self.last_due: date | None = None
        self.settled = False
        self.paid: list[tuple[date, Decimal]] = []  # (date, total paid) for yearly withdrawals
        events = [(d, 0, pct, mode) for d, pct, mode in lp.cash_prepays]
        if lp.settle:
            events.append((lp.settle[0], 1, 0, lp.settle[1]))
        self.pending = sorted(events)
        self.changes = sorted(
            date(row.effective.year + 1, 1, 1)
            for row in engine.DEFAULT_RATES
            if lp.months > 12 and row.effective > lp.signed
        )
        person.loans.append(self)

    def _txn(self, day: date, kind: str, hkny="", ffje="", bjje="", lxje="", fxje="", tqhkfs=""):
        self.seq += 1
        self.gen.write_loan_txn(
            (
                f"{self.jkhtbh}{self.seq:04d}",
                self.jkhtbh,
                day.isoformat(),
                hkny,
                kind,
                ffje,
                bjje,
                lxje,
                fxje,
                tqhkfs,
            )
        )

    def disburse(self, day: date) -> None:
        self.dkffrq = day
        self.ydhkr = day.day
        y, m = engine.add_months(day.year, day.month, 1)
        self.scyhny = f"{y:04d}{m:02d}"
        self.balance = self.amount
        self.last_due = day
        self.plan = engine.build_plan(
            principal=self.amount,
            annual_rate=self.rate,
            months=self.lp.months,
            method=self.lp.method,
            first_due=(y, m),
            repay_day=self.ydhkr,
        )
        self._txn(day, "01", ffje=str(self.amount))
        self.person.notes.append((day, "loan", self.jkhtbh, self.amount))

    def _replan_for_rate(self, row: engine.Installment) -> engine.Installment:
        while self.changes and row.due_date >= self.changes[0]:
            self.changes.pop(0)
            rate = engine.rate_in_force_for_loan(
                engine.DEFAULT_RATES, self.lp.signed, self.lp.months, row.due_date
            )
            if rate != self.rate:
                self.rate = rate
                self.plan = engine.build_plan(
                    principal=self.balance,
                    annual_rate=rate,
                    months=len(self.plan) - self.idx,
                    method=self.lp.method,
                    first_due=(row.due_date.year, row.due_date.month),
                    repay_day=self.ydhkr,
                    start_period=row.period,
                )
                self.idx = 0
                row = self.plan[0]
        return row

    def advance_to(self, day: date) -> None:
        """Pay every installment due on or before `day` (正常还款 on its due date) and carry out
        the loan's own planned prepayments up to `day`, in date order."""
        while True:
            ev = self.pending[0] if self.pending and self.pending[0][0] <= day else None
            row = None
            if not self.settled and self.idx < len(self.plan):
                row = self.plan[self.idx]
                if row.due_date > day:
                    row = None
            if row is not None and (ev is None or row.due_date <= ev[0]):
                self._pay(row)
            elif ev is not None:
                self.pending.pop(0)
                self._planned(ev)
            else:
                break

    def _pay(self, row: engine.Installment) -> None:
        row = self._replan_for_rate(row)
        self._txn(
            row.due_date,
            "02",
            row.hkny,
            bjje=str(row.principal),
            lxje=str(row.interest),
            fxje="0.00",
        )
        self.balance -= row.principal
        self.last_due = row.due_date
        self.paid.append((row.due_date, row.total))
        self.idx += 1
        if self.balance == 0:
            self.settled = True
        if row.due_date >= self.gen.window_start:
            self.person.notes.append((row.due_date, "repay", self.jkhtbh, row.hkny, row.total))

    def _planned(self, ev: tuple) -> None:
        day, order, pct, mode = ev
        if self.settled:
            return
        if order == 1:
            self._prepay_now(day, self.balance, engine.SETTLE, "06" if mode == "06" else "03")
            return
        amount = dec(to_fen(self.balance) * pct // 100 // 10000 * 10000)
        if 0 < amount < self.balance:
            self._prepay_now(day, amount, mode)

    def prepay(self, day: date, principal: Decimal, mode: str, kind: str = "03") -> Decimal:
        """A prepayment (or 06 结清) on `day`; returns principal + interest paid."""
        self.advance_to(day)
        return self._prepay_now(day, principal, mode, kind)

    def _prepay_now(self, day: date, principal: Decimal, mode: str, kind: str = "03") -> Decimal:
        if self.settled or self.balance <= 0:
            return Decimal("0.00")
        if mode == engine.SETTLE or principal >= self.balance:
            principal, mode = self.balance, engine.SETTLE
        interest = engine.accrued_interest(principal, self.rate, self.last_due, day)
        self._txn(
            day,
            kind,
            ym(day),
            bjje=str(principal),
            lxje=str(interest),
            fxje="0.00",
            tqhkfs=mode if kind == "03" else "",
        )
        self.balance -= principal
        if self.balance == 0:
            self.settled = True
            self.plan, self.idx = [], 0
        else:
            nxt = self.plan[self.idx]
            self.plan = engine.replan_after_prepayment(
                balance=self.balance,
                annual_rate=self.rate,
                remaining_months=len(self.plan) - self.idx,
                method=self.lp.method,
                mode=mode,
                old_installment=nxt,
                first_due=(nxt.due_date.year, nxt.due_date.month),
                repay_day=self.ydhkr,
                start_period=nxt.period,
            )
            self.idx = 0
        self.paid.append((day, principal + interest))
        if day >= self.gen.window_start:
            self.person.notes.append((day, "repay", self.jkhtbh, ym(day), principal + interest))
        return principal + interest

    def paid_between(self, start: date, end: date) -> Decimal:
        return sum((t for d, t in self.paid if start <= d <= end), Decimal("0.00"))

    def finish(self, today: date) -> None:
        """Run the loan up to --today (an overdue loan misses its last two installments)."""
        if self.dkffrq is None:
            return
        stop = today
        if self.lp.status == "overdue":
            dues = []
            for k in range(4):
                y, m = engine.add_months(today.year, today.month, -k)
                due = engine.due_date(y, m, self.ydhkr)
                if self.dkffrq < due <= today:
                    dues.append(due)
            if len(dues) >= 2:
                stop = dues[1] - timedelta(days=1)
        self.advance_to(stop)

    def csv_row(self, today: date) -> tuple:
        lp = self.lp
        if self.dkffrq is None:
            dkll, dkye = self.rate, ""
        elif self.settled:
            dkll, dkye = self.rate, "0.00"
        else:
            dkll = engine.rate_in_force_for_loan(engine.DEFAULT_RATES, lp.signed, lp.months, today)
            dkye = str(self.balance)
        return (
            self.jkhtbh,
            self.dkzh,
            self.person.zjhm,
            str(self.amount),
            lp.months,
            str(dkll),
            lp.method,
            lp.bank,
            lp.signed.isoformat(),
            self.dkffrq.isoformat() if self.dkffrq else "",
            self.ydhkr or lp.signed.day,
            self.scyhny,
            dkye if self.dkffrq else "0.00",
        )


class AccountSim:
    """One fund account from its opening to its end or --today."""

    def __init__(self, gen, person: PersonCtx, ap: AccountPlan):
        self.gen = gen
        self.person = person
        self.ap = ap
        self.grzh = ap.grzh or gen.next_grzh()
        self.balance = 0
        self.seq = 0
        self.state = "01"
        self.jzny = ""
        self.year_start = date(base_year(ap.open.year, ap.open.month), 7, 1)
        self.year_open = 0
        self.entries: list[tuple[date, int]] = []
        self.base = ap.base_fen
        self.prev_base = ap.base_fen
        self._set_parts()
        person.accounts.append(self)

    def _set_parts(self) -> None:
        base = dec(self.base)
        self.dw_fen = to_fen(round_fen(base * Decimal(self.ap.dw) / 100))
        self.gr_fen = to_fen(round_fen(base * Decimal(self.ap.gr) / 100))
        self.monthly = self.dw_fen + self.gr_fen

    def _entry(self, day: date, kind: str, fse: int, fslxe: int = 0, tqyy="", tqfs="", ywzy=""):
        self.seq += 1
        self.balance += fse
        if fse:
            self.entries.append((day, fse))
        self.gen.write_ledger(
            (
                f"{self.grzh}{self.seq:05d}",
                self.grzh,
                day.isoformat(),
                kind,
                yuan(fse),
                yuan(fslxe),
                tqyy,
                tqfs,
                ywzy,
                "01",
                "",
            )
        )

    def _year_end(self, june30: date) -> None:
        interest = to_fen(
            annual_interest(
                dec(self.year_open),
                [(d, dec(f)) for d, f in self.entries],
                june30,
                rate=deposit_rate_arg(self.year_start),
            )
        )
        self.seq += 1
        self.balance += interest
        self.gen.write_ledger(
            (
                f"{self.grzh}{self.seq:05d}",
                self.grzh,
                june30.isoformat(),
                "09",
                yuan(interest),
                yuan(interest),
                "",
                "",
                f"{june30.year}年度结息",
                "01",
                "",
            )
        )
        if (self.gen.today - june30).days < 366:
            self.person.notes.append((june30, "interest", june30.year, interest))
        self.year_start = date(june30.year, 7, 1)
        self.year_open = self.balance
        self.entries = []

    def _accrue_before_close(self, day: date) -> None:
        interest = to_fen(
            accrued_interest_to(
                dec(self.year_open),
                [(d, dec(f)) for d, f in self.entries],
                self.year_start,
                day,
                rate=deposit_rate_arg(self.year_start),
            )
        )
        if interest:
            self._entry(day, "09", interest, interest, ywzy="销户结息")

    def _raise_base(self, year: int) -> None:
        rng = self.gen.rng
        old = self.base
        new = old * (1000 + rng.randint(0, 90)) // 1000
        new = min(max(new, base_floor_fen(year)), base_cap_fen(year))
        if new != old:
            self.prev_base = old
            self.base = new
            self._set_parts()
        day = date(year, 7, 15)
        if (self.gen.today - day).days < 366:
            self.person.notes.append((day, "base", old, self.base))

    def run(self, today: date) -> None:
        ap, rng = self.ap, self.gen.rng
        end = ap.end
        if end and (end[1].month, end[1].day) == (6, 30):
            # Close the day after the year-end interest, so a 09 dated 30 June is always it.
            end = (end[0], end[1] + timedelta(days=1), *end[2:])
        stop = min(today, end[1]) if end else today
        depositing_until = stop
        sealed = False
        events: dict[int, list[tuple]] = {}

        def at(day: date, order: int, *payload):
            events.setdefault(month_index(day), []).append((day, order, payload))

        for w in ap.withdrawals:
            at(w[0], 3, "wd", *w[1:])
        for lp in ap.loans:
            at(lp.signed, 2, "sign", lp)
        if end:
            at(end[1], 8, "end", *end)

        first = month_index(ap.open)
        if ap.backpay_months:
            # 补缴 for the months before the opening, booked on the opening day.
            months = ap.backpay_months
            y0, m0 = from_index(first - months)
            y1, m1 = from_index(first - 1)
            self._entry(
                ap.open, "02", months * self.monthly, ywzy=f"{y0:04d}{m0:02d}至{y1:04d}{m1:02d}补缴"
            )
            self.jzny = f"{y1:04d}{m1:02d}"
        arrears: list[str] = []
        last = month_index(stop)
        for k in range(first, last + 1):
            y, m = from_index(k)
            if m == 7 and k != first:
                self._raise_base(y)
            todo = list(events.get(k, ()))
            if not sealed and self.state == "01":
                day = date(y, m, min(28, max(1, ap.employer.payday + rng.randint(-2, 2))))
                if k == first and day < ap.open:
                    day = ap.open
                if day <= depositing_until:
                    todo.append((day, 1, ("pay",)))
            if m == 6:
                todo.append((date(y, 6, 30), 9, ("year",)))
            todo.sort(key=lambda e: (e[0], e[1]))
            for day, _order, payload in todo:
                if day > stop or self.state != "01" and payload[0] != "year":
                    continue
                what = payload[0]
                if what == "pay":
                    month = f"{y:04d}{m:02d}"
                    if not arrears and rng.randrange(1000) < ap.arrears_per_mille and k > first:
                        arrears.append(month)
                        continue
                    if arrears:
                        if len(arrears) < 3 and rng.randrange(3):
                            arrears.append(month)
                            continue
                        ywzy = f"{arrears[0]}至{arrears[-1]}补缴"
                        self._entry(day, "02", len(arrears) * self.monthly, ywzy=ywzy)
                        self.jzny = arrears[-1]
                        if day >= self.gen.window_start:
                            self.person.notes.append((day, "backpay", arrears[0], arrears[-1]))
                        arrears = []
                    self._entry(day, "01", self.monthly)
                    self.jzny = month
                    if day >= self.gen.window_start:
                        self.person.notes.append((day, "remit", month, self.monthly))
                elif what == "year":
                    if self.state in ("01", "02"):
                        self._year_end(day)
                elif what == "wd":
                    self._withdraw(day, *payload[1:])
                elif what == "sign":
                    self._sign(day, payload[1], today)
                elif what == "end":
                    kind = payload[1]
                    if kind == "seal":
                        self._entry(day, "05", 0, ywzy="单位申请封存")
                        self.state = "02"
                        sealed = True
                        if day >= self.gen.window_start:
                            self.person.notes.append((day, "seal"))
                    elif kind == "close":
                        self._accrue_before_close(day)
                        tqyy = payload[3]
                        self._entry(day, "12", -self.balance, tqyy=tqyy, tqfs="02")
                        self.person.withdrawals.append((day, tqyy, 0))
                        self.state = "05"
                    elif kind == "transfer":
                        self._accrue_before_close(day)
                        self._entry(day, "07", -self.balance, ywzy="转出至外地公积金中心")
                        self.state = "04"
        # A sealed account keeps earning interest every 30 June after its end month.
        if self.state == "02":
            for year in range(stop.year, today.year + 1):
                june30 = date(year, 6, 30)
                if stop < june30 <= today:
                    self._year_end(june30)
        for loan in self.person.loans:
            if loan.lp in ap.loans:
                loan.finish(today)
        self.gen.write_account(
            (
                self.grzh,
                self.person.zjhm,
                ap.employer.dwzh,
                ap.employer.dwmc,
                self.state,
                ap.open.isoformat(),
                yuan(self.base),
                ap.dw,
                ap.gr,
                yuan(self.dw_fen),
                yuan(self.gr_fen),
                self.jzny,
                yuan(self.balance),
                ap.card,
                ap.bank,
            )
        )

    def _withdraw(self, day: date, tqyy: str, tqfs: str, pct: int, fixed: int) -> None:
        if tqyy == "06":
            self._loan_withdrawal(day, tqfs)
            return
        amount = fixed or self.balance * pct // 100 // 100 * 100  # whole yuan
        if tqyy == "07":
            amount = min(amount, 1500_00 * 12)
        if amount <= 0 or amount > self.balance:
            return
        self._entry(day, "11", -amount, tqyy=tqyy, tqfs=tqfs)
        self.person.withdrawals.append((day, tqyy, amount))
        if day >= self.gen.window_start:
            self.person.notes.append((day, "withdraw", tqyy, amount, self.ap.card[-4:]))

    def _loan_withdrawal(self, day: date, tqfs: str) -> None:
        """偿还购房贷款本息: 11 to the card (≤ a year of repayments) or 70 straight to the loan."""
        loans = [s for s in self.person.loans if s.dkffrq and s.dkffrq < day and not s.settled]
        if not loans:
            return
        loan = loans[-1]
        if tqfs == "99":  # 公积金提取还款: prepays the loan straight from the fund
            loan.advance_to(day)
            principal = dec(self.balance * 8 // 10 // 10000 * 10000)
            if principal <= 0 or principal >= loan.balance:
                return
            fen = to_fen(loan.prepay(day, principal, engine.REDUCE_INSTALLMENT))
            if fen <= 0:
                return
            self._entry(day, "70", -fen, tqyy="06", tqfs="99", ywzy=f"还贷{loan.jkhtbh}")
            self.person.withdrawals.append((day, "06", fen))
            return
        loan.advance_to(day)
        fen = min(
            to_fen(loan.paid_between(day - timedelta(days=365), day)), self.balance // 100 * 100
        )
        if fen <= 0:
            return
        self._entry(day, "11", -fen, tqyy="06", tqfs=tqfs)
        self.person.withdrawals.append((day, "06", fen))
        if day >= self.gen.window_start:
            self.person.notes.append((day, "withdraw", "06", fen, self.ap.card[-4:]))

    def _sign(self, day: date, lp: LoanPlan, today: date) -> None:
        if lp.amount_fen:
            amount = lp.amount_fen
        else:
            amount = self.balance * lp.multiple_pct // 100 // 1_000_000 * 1_000_000
            amount = min(max(amount, LOAN_MIN_FEN), LOAN_MAX_FEN)
        jkhtbh = lp.jkhtbh or self.gen.next_jkhtbh(day)
        sim = LoanSim(self.gen, self.person, lp, amount, jkhtbh)
        if lp.status != "undisbursed" and lp.disburse and lp.disburse <= today:
            sim.disburse(lp.disburse)
