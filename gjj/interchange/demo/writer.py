"""The demo population writer: streams every person's rows to the eight interchange files."""

from __future__ import annotations

import csv
import random
from contextlib import ExitStack
from datetime import date, timedelta
from pathlib import Path

from gjj.interchange import specs

from . import notices
from .names import (
    EMPLOYER_FORMS,
    EMPLOYER_PLACES,
    EMPLOYER_TRADE_NAMES,
    EMPLOYER_TRADES,
    PUBLIC_EMPLOYERS,
)
from .people import random_person
from .personas import EMPLOYERS as PERSONA_EMPLOYERS
from .personas import persona_plans
from .plans import Employer, PersonCtx, yuan
from .sim import AccountSim

COLUMNS = {spec.name: spec.columns for spec in specs.ALL}
MESSAGE_WINDOW_DAYS = 120
FIRST_RANDOM_GRZH = 10


class Generator:
    """Holds the random stream, the counters that make keys unique and the CSV writers."""

    def __init__(self, out: Path, seed: int, today: date, stack: ExitStack):
        self.rng = random.Random(seed)
        self.today = today
        self.window_start = today - timedelta(days=MESSAGE_WINDOW_DAYS)
        self.used_ids: set[str] = set()
        self.used_phones: set[str] = set()
        self.grzh_seq = FIRST_RANDOM_GRZH
        self.dkzh_seq = 0
        self.xxid_seq = 0
        self.sqid_seq = 0
        self.contracts: dict[str, int] = {}
        self.reserved_contracts: set[str] = set()
        self.approvals: list[date] = []
        self.counts = dict.fromkeys(COLUMNS, 0)
        self.writers = {}
        out.mkdir(parents=True, exist_ok=True)
        for name, columns in COLUMNS.items():
            handle = stack.enter_context(
                open(out / name, "w", encoding="utf-8", newline="", buffering=1 << 20)  # noqa: SIM115
            )
            writer = csv.writer(handle, lineterminator="\n")
            writer.writerow(columns)
            self.writers[name] = writer
        self._ledger = self.writers["ledger.csv"].writerow
        self._txn = self.writers["loan_txns.csv"].writerow
        self.employers = self._employers(self.rng)

    # --- keys -------------------------------------------------------------------------------

    def next_grzh(self) -> str:
        self.grzh_seq += 1
        return f"31{self.grzh_seq - 1:08d}"

    def next_dkzh(self, day: date) -> str:
        self.dkzh_seq += 1
        return f"{day:%Y%m}{self.dkzh_seq:06d}"

    def next_jkhtbh(self, day: date) -> str:
        stem = f"01{day:%Y%m%d}"
        while True:
            n = self.contracts.get(stem, 0) + 1
            self.contracts[stem] = n
            number = f"{stem}{n:04d}"
            if number not in self.reserved_contracts:
                return number

    def next_xxid(self) -> str:
        self.xxid_seq += 1
        return f"XX{self.xxid_seq:010d}"

    def next_sqid(self) -> str:
        self.sqid_seq += 1
        return f"SQ{self.sqid_seq:010d}"

    # --- rows -------------------------------------------------------------------------------

    def write_ledger(self, row) -> None:
        self._ledger(row)
        self.counts["ledger.csv"] += 1

    def write_loan_txn(self, row) -> None:
        self._txn(row)
        self.counts["loan_txns.csv"] += 1

    def _write(self, name: str, row) -> None:
        self.writers[name].writerow(row)
        self.counts[name] += 1

    def write_account(self, row) -> None:
        self._write("accounts.csv", row)

    def write_message(self, row) -> None:
        self._write("messages.csv", row)

    def write_application(self, row) -> None:
        self._write("applications.csv", row)

    def write_step(self, row) -> None:
        self._write("application_steps.csv", row)

    # --- population -------------------------------------------------------------------------

    def _employers(self, rng: random.Random) -> list[Employer]:
        names = {e.dwmc for e in PERSONA_EMPLOYERS.values()}
        out = list(PERSONA_EMPLOYERS.values())
        for name in PUBLIC_EMPLOYERS:
            if name not in names:
                names.add(name)
                out.append(Employer(f"1{len(out) + 1:07d}", name, rng.randint(5, 28)))
        while len(out) < 400:
            name = (
                rng.choice(EMPLOYER_PLACES)
                + rng.choice(EMPLOYER_TRADE_NAMES)
                + rng.choice(EMPLOYER_TRADES)
                + rng.choice(EMPLOYER_FORMS)
            )
            if name not in names:
                names.add(name)
                out.append(Employer(f"1{len(out) + 1:07d}", name, rng.randint(5, 28)))
        return out

    def person(self, info, accounts, extras=None) -> None:
        ctx = PersonCtx(info.zjhm, info.name)
        self._write("persons.csv", ("01", info.zjhm, info.name, info.sex, info.phone, info.address))
        for ap in accounts:
            AccountSim(self, ctx, ap).run(self.today)
        for loan in ctx.loans:
            # No sqid: the demo's contracts were applied for at the counter.
            self._write("loans.csv", loan.csv_row(self.today) + self._house(loan) + ("",))
            notices.loan_application(self, info.zjhm, info.name, loan)
        for day in self.approvals:
            notices.approval_application(self, info.zjhm, info.name, day)
        self.approvals = []
        extras = extras or {}
        for day, tqyy, _fen in ctx.withdrawals:
            if tqyy == "01" or (self.today - day).days < 730:
                notices.withdrawal_application(
                    self, info.zjhm, info.name, day, tqyy, extras.get(f"withdraw{tqyy}")
                )
        if "info" in extras or self.rng.randrange(5) == 0:
            day = self.today - timedelta(days=extras.get("info_days", self.rng.randint(1, 540)))
            notices.info_change_application(self, info.zjhm, info.name, day, extras.get("info"))
        notices.write_messages(self, info.zjhm, info.name, ctx.notes)
        last = ctx.accounts[-1]
        bases = {"base": yuan(last.base), "prev": yuan(last.prev_base)}
        for days, ywmc, text, channel in extras.get("messages", ()):
            text = text.format(**bases)
            moment = notices.at_time(self.rng, self.today - timedelta(days=days), 9, 17)
            self.write_message(
                (self.next_xxid(), info.zjhm, ywmc, text, channel, notices.stamp(moment))
            )

    def _house(self, loan) -> tuple:
        rng = self.rng
        area = rng.randint(60, 160)
        price = (int(loan.amount) * 100 // rng.randint(50, 80)) // 1000 * 1000
        from .people import address
        from .regions import REGION_CODES

        return (
            address(rng, rng.choice(REGION_CODES)),
            f"{area}.{rng.randrange(100):02d}",
            f"{price}.00",
        )


def generate(out: Path, *, persons: int, seed: int, today: date, progress=None) -> dict:
    """Write the folder; returns rows written per file."""
    out = Path(out)
    with ExitStack() as stack:
        gen = Generator(out, seed, today, stack)
        plans = persona_plans(today)
        for persona, _info, accounts in plans:
            gen.used_ids.add(persona.zjhm)
            if persona.phone:
                gen.used_phones.add(persona.phone)
            for ap in accounts:
                for lp in ap.loans:
                    if lp.jkhtbh:
                        gen.reserved_contracts.add(lp.jkhtbh)
        main_rng = gen.rng
        for persona, info, accounts in plans[:persons]:
            gen.rng = random.Random(f"persona-{persona.key}")
            gen.person(info, accounts, _persona_extras(persona, info, accounts, today))
        gen.rng = main_rng
        for i in range(max(0, persons - len(plans))):
            info, accounts = random_person(gen)
            gen.person(info, accounts)
            if progress and (i + 1) % 10000 == 0:
                progress(i + 1 + len(plans), dict(gen.counts))
        return dict(gen.counts)


def _persona_extras(persona, info, accounts, today) -> dict:
    if persona.key != "ceshiyi":
        return {}
    name = info.name
    m = today.month - 2 if today.month > 2 else today.month + 10
    y = today.year if today.month > 2 else today.year - 1
    month = f"{y:04d}{m:02d}"
    return {
        "withdraw01": 4052,  # 1小时7分32秒, as the manual's 我发起的
        "info": 104,  # 1分44秒
        "info_days": 9,
        "messages": (
            (
                7,
                "汇补缴业务补缴复核",
                f"尊敬的{name}，您的{month}至{month}补缴的公积金已到账。",
                "网厅-单位版",
            ),
            (
                8,
                "汇补缴业务基数调整复核",
                f"尊敬的{name}缴存人，您的公积金缴存基数已由{{base}}变更为{{base}}",
                "柜面",
            ),
            (
                9,
                "汇补缴业务个人信息变更审批",
                f"尊敬的{name}，您已完成个人信息变更审批",
                "网厅-个人版",
            ),
            (
                11,
                "汇补缴业务基数调整复核",
                f"尊敬的{name}缴存人，您的公积金缴存基数已由{{prev}}变更为{{base}}",
                "柜面",
            ),
            (13, "个人贷款业务还款", f"尊敬的{name}，您的贷款本月还款已扣款成功。", "短信"),
            (
                15,
                "归集业务政策提示",
                "枣庄市住房公积金管理中心提醒您：12329热线可查询公积金业务。",
                "12329",
            ),
            (
                16,
                "个人贷款业务还款提醒",
                f"尊敬的{name}，请于本月24日前存足还款金额。",
                "手机客户端",
            ),
            (
                18,
                "归集业务账户信息",
                f"尊敬的{name}，您可通过微信公众号查询公积金账户余额。",
                "微信",
            ),
        ),
    }
