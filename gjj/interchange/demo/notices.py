"""Messages (消息) and applications (业务申请) of a person, from what the simulation noted."""

from __future__ import annotations

from datetime import date, datetime, timedelta

from gjj.core.money import format_amount

from .names import STAFF
from .sim import yuan

CHANNELS = ("柜面", "网厅-单位版", "网厅-个人版", "短信", "12329", "手机客户端", "微信")
LOAN_NODES = ("申请受理", "初审", "复审", "终审", "签订合同", "抵押登记", "放款")
WITHDRAWAL_TITLES = {
    "01": "缴存人购买住房提取审批",
    "03": "缴存人退休销户提取审批",
    "04": "缴存人销户提取审批",
    "05": "缴存人销户提取审批",
    "06": "缴存人偿还购房贷款提取审批",
    "07": "缴存人租赁住房提取审批",
    "10": "缴存人物业管理费提取审批",
    "99": "缴存人销户提取审批",
}
REASONS = {
    "01": "购买住房",
    "03": "离休、退休",
    "06": "偿还购房贷款本息",
    "07": "租赁住房",
    "10": "物业管理费",
}


def stamp(moment: datetime) -> str:
    return moment.strftime("%Y-%m-%d %H:%M:%S")


def at_time(rng, day: date, start_hour: int = 8, end_hour: int = 17) -> datetime:
    return datetime(
        day.year,
        day.month,
        day.day,
        rng.randint(start_hour, end_hour),
        rng.randrange(60),
        rng.randrange(60),
    )


def message_for(note: tuple, name: str) -> tuple[str, str, tuple[str, ...]] | None:
    """(业务名称, 消息内容, channels to pick from) for one noted event."""
    kind = note[1]
    if kind == "remit":
        _, _, month, fen = note
        return (
            "汇补缴业务汇缴复核",
            f"尊敬的{name}，您{month}的住房公积金{format_amount(yuan(fen))}元已汇缴到账。",
            ("网厅-单位版", "网厅-个人版", "短信", "微信", "手机客户端"),
        )
    if kind == "backpay":
        _, _, first, last = note
        return (
            "汇补缴业务补缴复核",
            f"尊敬的{name}，您的{first}至{last}补缴的公积金已到账。",
            ("网厅-单位版", "短信", "柜面"),
        )
    if kind == "base":
        _, _, old, new = note
        return (
            "汇补缴业务基数调整复核",
            f"尊敬的{name}缴存人，您的公积金缴存基数已由{yuan(old)}变更为{yuan(new)}",
            ("柜面", "网厅-单位版", "短信"),
        )
    if kind == "interest":
        _, _, year, fen = note
        return (
            "归集业务年度结息",
            f"尊敬的{name}，您的住房公积金{year - 1}-{year}年度结息"
            f"{format_amount(yuan(fen))}元已于{year}年6月30日记入您的个人账户。",
            ("12329", "短信", "微信", "手机客户端"),
        )
    if kind == "withdraw":
        _, _, tqyy, fen, tail = note
        return (
            "提取业务提取复核",
            f"尊敬的{name}，您的{REASONS.get(tqyy, '')}提取"
            f"{format_amount(yuan(fen))}元已转入您尾号{tail}的银行卡，请注意查收。",
            ("柜面", "网厅-个人版", "短信", "手机客户端"),
        )
    if kind == "seal":
        return ("汇补缴业务封存复核", f"尊敬的{name}，您的账户已封存", ("网厅-单位版", "柜面"))
    if kind == "loan":
        _, _, jkhtbh, amount = note
        return (
            "个人贷款业务贷款发放",
            f"尊敬的{name}，您的借款合同{jkhtbh}项下贷款"
            f"{format_amount(amount)}元已发放，请按期还款。",
            ("柜面", "短信", "12329"),
        )
    if kind == "repay":
        _, _, jkhtbh, hkny, total = note
        return (
            "个人贷款业务还款",
            f"尊敬的{name}，您的借款合同{jkhtbh}{hkny}期还款{format_amount(total)}元已扣款成功。",
            ("短信", "微信", "手机客户端", "12329"),
        )
    return None


def write_messages(gen, zjhm: str, name: str, notes: list[tuple]) -> None:
    rng = gen.rng
    for note in sorted(notes, key=lambda n: n[0]):
        day = note[0]
        # The last year-end interest and base change are told even when older than the window.
        if day > gen.today or day < gen.window_start and note[1] not in ("interest", "base"):
            continue
        msg = message_for(note, name)
        if msg is None:
            continue
        ywmc, text, channels = msg
        gen.write_message(
            (
                gen.next_xxid(),
                zjhm,
                ywmc,
                text,
                rng.choice(channels),
                stamp(at_time(rng, day, 9, 20)),
            )
        )


def write_application(gen, zjhm, ywlx, ywxx, jkhtbh, steps) -> None:
    """steps: [(jdmc, blr, spyj, moment or None)]; done when every step has a time."""
    sqid = gen.next_sqid()
    done = all(s[3] is not None for s in steps)
    gen.write_application(
        (sqid, zjhm, ywlx, ywxx, jkhtbh, stamp(steps[0][3]), stamp(steps[-1][3]) if done else "")
    )
    for i, (jdmc, blr, spyj, moment) in enumerate(steps, start=1):
        gen.write_step(
            (
                sqid,
                i,
                jdmc,
                blr if moment else "",
                spyj if moment else "",
                stamp(moment) if moment else "",
            )
        )


def loan_application(gen, zjhm, name, loan) -> None:
    """借款人贷款审批 from acceptance to disbursement (nodes after steps_done stay empty)."""
    rng = gen.rng
    lp = loan.lp
    start = at_time(rng, lp.signed - timedelta(days=rng.randint(3, 12)), 8, 11)
    if lp.app_seconds:
        start = at_time(rng, loan.dkffrq or lp.signed, 9, 10)
        times = [start + timedelta(seconds=lp.app_seconds * i // 6) for i in range(7)]
    else:
        t = start
        times = [t]
        for i in range(1, 7):
            if i == 4:
                t = at_time(rng, lp.signed, 9, 11)
            elif i == 6 and loan.dkffrq:
                t = max(t + timedelta(minutes=30), at_time(rng, loan.dkffrq, 9, 11))
            elif i == 5 and loan.dkffrq:
                mid = lp.signed + (loan.dkffrq - lp.signed) / 2
                t = max(t + timedelta(minutes=20), at_time(rng, mid, 9, 16))
            else:
                t = t + timedelta(minutes=rng.randint(20, 60 * 24))
            times.append(t)
    done = lp.steps_done if loan.dkffrq is None else 7
    steps = []
    for i, node in enumerate(LOAN_NODES):
        reached = i < done and times[i].date() <= gen.today
        spyj = "受理" if i == 0 else ("同意" if i < 4 else "已办结")
        blr = name if i == 0 else rng.choice(STAFF)
        steps.append((node, blr, spyj, times[i] if reached else None))
    write_application(gen, zjhm, "个人贷款业务", "借款人贷款审批", loan.jkhtbh, steps)


def approval_application(gen, zjhm, name, day: date) -> None:
    """A loan application still in approval: no contract yet."""
    rng = gen.rng
    done = rng.randint(1, 4)
    t = at_time(rng, day, 8, 11)
    steps = []
    for i, node in enumerate(LOAN_NODES):
        if i < done:
            steps.append(
                (node, name if i == 0 else rng.choice(STAFF), "受理" if i == 0 else "同意", t)
            )
            t = t + timedelta(minutes=rng.randint(30, 60 * 30))
            if t.date() > gen.today:
                done = i + 1
        else:
            steps.append((node, "", "", None))
    write_application(gen, zjhm, "个人贷款业务", "借款人贷款审批", "", steps)


def withdrawal_application(gen, zjhm, name, day: date, tqyy: str, seconds: int | None = None):
    rng = gen.rng
    start = at_time(rng, day, 8, 10)
    total = seconds or rng.randint(90, 80 * 60)
    steps = [
        ("任务发起人", name, "", start),
        ("提取审核", rng.choice(STAFF), "同意", start + timedelta(seconds=total // 3)),
        ("提取审批", rng.choice(STAFF), "同意", start + timedelta(seconds=total)),
    ]
    write_application(
        gen, zjhm, "提取业务", WITHDRAWAL_TITLES.get(tqyy, "缴存人提取审批"), "", steps
    )


def info_change_application(gen, zjhm, name, day: date, seconds: int | None = None):
    rng = gen.rng
    start = at_time(rng, day, 8, 16)
    total = seconds or rng.randint(60, 180)
    steps = [
        ("任务发起人", name, "", start),
        ("信息变更审核", rng.choice(STAFF), "同意", start + timedelta(seconds=total)),
    ]
    write_application(gen, zjhm, "汇补缴业务", "缴存人信息变更审批", "", steps)
