"""Text of the guide pages (我要提取, 我要还款, 贷款申请) until the online applications exist.

The materials are the usual ones; the center publishes the binding list at its counters.
"""

from __future__ import annotations

from dataclasses import dataclass

from gjj.core.codes import WithdrawalReason

ID_CARD = "本人居民身份证原件"
BANK_CARD = "本人银行借记卡（用于转账提取）"


@dataclass(frozen=True)
class ReasonGuide:
    code: str
    label: str
    kind: str  # 部分提取 / 销户提取
    materials: tuple[str, ...]
    rule: str = ""


_MATERIALS: dict[str, tuple[str, tuple[str, ...], str]] = {
    WithdrawalReason.BUY_HOUSE: (
        "部分提取",
        ("购房合同或不动产权证书", "购房发票或契税完税凭证"),
        "提取金额不超过购房款，且不超过账户余额。",
    ),
    WithdrawalReason.BUILD_HOUSE: (
        "部分提取",
        ("建房、翻修或大修的规划或审批文件", "工程预算或费用发票"),
        "提取金额不超过实际发生的费用，且不超过账户余额。",
    ),
    WithdrawalReason.RETIREMENT: (
        "销户提取",
        ("离休、退休证明或养老金领取证明",),
        "提取全部余额并销户；销户前先结计当年利息。",
    ),
    WithdrawalReason.DISABILITY: (
        "销户提取",
        ("劳动能力鉴定结论", "与单位终止劳动关系的证明"),
        "提取全部余额并销户。",
    ),
    WithdrawalReason.EMIGRATION: (
        "销户提取",
        ("户口迁出证明或出境定居证明",),
        "提取全部余额并销户。",
    ),
    WithdrawalReason.LOAN_REPAYMENT: (
        "部分提取",
        ("借款合同", "贷款银行出具的还款明细"),
        "提取金额不超过当年应还的贷款本息。",
    ),
    WithdrawalReason.RENT: (
        "部分提取",
        ("房屋租赁合同或租赁备案证明", "本人及配偶名下无自有住房的声明"),
        "按月租金上限（例如每月1,500元）乘以月数提取，且不超过账户余额。",
    ),
    WithdrawalReason.DEATH: (
        "销户提取",
        ("死亡证明或宣告死亡的判决书", "继承人或受遗赠人的身份证明及继承权公证书"),
        "由继承人或受遗赠人办理，提取全部余额并销户。",
    ),
    WithdrawalReason.MEDICAL: (
        "部分提取",
        ("二级以上医院的诊断证明", "医疗费用发票"),
        "提取金额不超过个人负担的医疗费用。",
    ),
    WithdrawalReason.PROPERTY_FEE: (
        "部分提取",
        ("物业服务合同", "物业费缴费发票"),
        "提取金额不超过已缴的物业管理费。",
    ),
}


def withdrawal_materials() -> list[ReasonGuide]:
    rows = []
    for choice in WithdrawalReason:
        if choice.value not in _MATERIALS:
            continue
        kind, materials, rule = _MATERIALS[choice.value]
        rows.append(
            ReasonGuide(
                code=choice.value,
                label=choice.label,
                kind=kind,
                materials=(ID_CARD, *materials, BANK_CARD),
                rule=rule,
            )
        )
    return rows


@dataclass(frozen=True)
class Node:
    name: str
    what: str


# The application nodes of domain.md §5.5 (configurable per center).
LOAN_NODES = (
    Node("申请受理", "携带材料到服务大厅提出申请，窗口核对材料并受理。"),
    Node("初审", "审核缴存情况、申请人资格和购房资料。"),
    Node("复审", "复核贷款额度、期限和还款能力。"),
    Node("终审", "中心审批贷款。"),
    Node("签订合同", "与中心及受托银行签订借款合同和抵押合同。"),
    Node("抵押登记", "到不动产登记机构办理抵押登记。"),
    Node("放款", "受托银行将贷款发放到售房人账户。"),
)
