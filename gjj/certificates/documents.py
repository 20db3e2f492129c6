"""A certificate's content as data: the page and the PDF both render from one `Document`."""

from __future__ import annotations

from dataclasses import asdict, dataclass, field


@dataclass
class Table:
    heading: str
    columns: list[str]
    rows: list[list[str]]
    empty: str = "无"
    numeric: list[int] = field(default_factory=list)  # columns aligned right (amounts)


@dataclass
class Document:
    kind: str
    title: str
    subject: str  # what it is about: 个人账号 / 借款合同编号 / 账号:年度
    facts: list[list[str]]  # [label, value], already formatted for print
    tables: list[Table] = field(default_factory=list)
    sentences: list[str] = field(default_factory=list)
    key: list[list[str]] = field(default_factory=list)  # the figures the verify page shows

    def to_json(self) -> dict:
        return asdict(self)

    @classmethod
    def from_json(cls, data: dict) -> Document:
        data = dict(data)
        data["tables"] = [Table(**t) for t in data.get("tables", [])]
        return cls(**data)
