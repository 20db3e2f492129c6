"""Simulation of one person's fund accounts and loans, month by month, into interchange rows.

Amounts on the hot path (monthly deposits, running balances) are integer fen; every figure a
rule defines comes from the engines: deposit parts from `round_fen`, 30 June interest from
`gjj.fund.interest.annual_interest`, the interest credited before a closing withdrawal from
`accrued_interest_to`, repayments from `gjj.loans.plan.build_plan` and
`replan_after_prepayment`, rates from the dated table by signing date.
"""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal

from gjj.core.money import round_fen
from gjj.fund.interest import accrued_interest_to, annual_interest
from gjj.loans import plan as engine

from .loan_sim import LoanSim
from .plans import (
    LOAN_MAX_FEN,
    LOAN_MIN_FEN,
    AccountPlan,
    LoanPlan,
    PersonCtx,
    dec,
    deposit_rate_arg,
    from_index,
    month_index,
    to_fen,
    yuan,
)
from .regions import base_cap_fen, base_floor_fen, base_year


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
