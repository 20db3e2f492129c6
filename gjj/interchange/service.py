"""The service API's routes that store the core system's data (/api/service/v1/): each batch is
validated and stored by the importer of import_core, record by record (a rejected record
stores nothing of itself and does not stop the others); errors name the record and the column.
"""

from __future__ import annotations

import io

from django.db import connection, transaction
from ninja import Router, Schema, Status
from pydantic import ConfigDict, create_model

from gjj.api.errors import Error
from gjj.api.idempotency import IdempotencyKey, idempotent
from gjj.api.service import ClientSecret, Scope, service_audit
from gjj.fund.models import FundAccount
from gjj.interchange import specs
from gjj.interchange.importer import Importer
from gjj.interchange.specs import Spec

router = Router()
# One lock for every batch: running balances are computed from what is stored, so two
# batches must not interleave (PostgreSQL; SQLite serialises writers by itself).
BATCH_LOCK = 0x676A6A01


def _record(spec: Spec, title: str) -> type[Schema]:
    """A record of `spec`'s file as the API's schema: its columns, as strings."""
    fields = {c: (str, ...) if c in spec.required else (str, "") for c in spec.columns}
    return create_model(title, __config__=ConfigDict(extra="forbid"), **fields)


AccountRecord = _record(specs.ACCOUNTS, "AccountRecord")
LedgerRecord = _record(specs.LEDGER, "LedgerRecord")
LoanRecord = _record(specs.LOANS, "LoanRecord")
LoanTxnRecord = _record(specs.LOAN_TXNS, "LoanTxnRecord")
StepRecord = _record(specs.APPLICATION_STEPS, "ApplicationStepRecord")


class LedgerBatch(Schema):
    """New ledger entries (ledger.csv columns) and, for each account they change, its new
    state (accounts.csv columns: grzhye must equal the ledger's running balance)."""

    accounts: list[AccountRecord] = []  # type: ignore[valid-type]
    ledger: list[LedgerRecord]  # type: ignore[valid-type]


class LoanTxnBatch(Schema):
    """New loan transactions (loan_txns.csv) and the contracts they change (loans.csv: dkye
    must equal the disbursed amount minus the principal repaid)."""

    loans: list[LoanRecord] = []  # type: ignore[valid-type]
    loan_txns: list[LoanTxnRecord]  # type: ignore[valid-type]


class MessageIn(Schema):
    msgid: str  # the sender's own id: the same msgid twice stores one message
    zjhm: str = ""  # the recipient by ID number, or
    grzh: str = ""  # by fund account number
    ywmc: str
    content: str
    channel: str  # 柜面, 网厅-单位版, 短信, 12329 …
    sent_at: str  # YYYY-MM-DD HH:MM:SS (China time)


class RecordError(Schema):
    record: str  # which list of the batch: accounts, ledger, loans, loan_txns, messages, …
    index: int  # the record's place in that list, from 0
    column: str | None
    message: str


class Counts(Schema):
    read: int
    stored: int
    updated: int
    rejected: int


class BatchResult(Schema):
    code: str
    message: str
    counts: dict[str, Counts] = {}
    errors: list[RecordError] = []


BATCH_ANSWERS = {
    200: BatchResult,
    400: Error,
    401: Error,
    403: Error,
    409: Error,
    422: BatchResult,
    429: Error,
}


def _records(items) -> list[dict[str, str]]:
    return [item.model_dump() for item in items]


def run_batch(
    request, action: str, records: dict[str, list[dict[str, str]]], key: str | None = None
) -> tuple[int, dict]:
    """Import `records` (file name -> rows) with the importer; (status, answer). With an
    Idempotency-Key the same batch sent again gets the first answer."""
    return idempotent(
        request,
        owner=f"client:{request.api_client.pk}",
        key=key,
        body=records,
        write=lambda: _import(request, action, records),
    )


def _import(request, action: str, records: dict[str, list[dict[str, str]]]) -> tuple[int, dict]:
    entries: list = []
    importer = Importer(records=records, out=io.StringIO())
    importer.report.entries = entries
    with transaction.atomic():
        if connection.vendor == "postgresql":
            with connection.cursor() as cursor:
                cursor.execute("SELECT pg_advisory_xact_lock(%s)", [BATCH_LOCK])
        report = importer.run()
    counts = {
        name.removesuffix(".csv"): {
            "read": s.read,
            "stored": s.stored,
            "updated": s.updated,
            "rejected": s.rejected,
        }
        for name, s in report.stats.items()
        if name in records and records[name]
    }
    errors = [
        {
            "record": name.removesuffix(".csv"),
            "index": line - 1 if line else 0,
            "column": column,
            "message": reason,
        }
        for name, line, column, reason in entries
    ]
    rejected = sum(c["rejected"] for c in counts.values())
    service_audit(
        request,
        action,
        outcome="failed" if rejected else "ok",
        counts={
            k: [v["read"], v["stored"], v["updated"], v["rejected"]] for k, v in counts.items()
        },
    )
    if rejected:
        answer = {
            "code": "rejected_records",
            "message": f"有 {rejected} 条记录被拒绝，其余记录已处理；被拒绝的记录未保存任何内容。",
            "counts": counts,
            "errors": errors,
        }
        return 422, answer
    return 200, {"code": "ok", "message": "已全部处理。", "counts": counts, "errors": []}


@router.post(
    "/ledger", auth=ClientSecret(Scope.PUSH_RESULTS), response=BATCH_ANSWERS, tags=["batches"]
)
def ledger_batch(request, body: LedgerBatch, idempotency_key: IdempotencyKey = None):
    """个人业务明细 as import_core stores ledger.csv (with accounts.csv for the new balances);
    idempotent on ywlsh: an entry sent again is skipped, a changed one is refused."""
    return Status(
        *run_batch(
            request,
            "api_ledger",
            {
                specs.ACCOUNTS.name: _records(body.accounts),
                specs.LEDGER.name: _records(body.ledger),
            },
            idempotency_key,
        )
    )


@router.post(
    "/loan-txns", auth=ClientSecret(Scope.PUSH_RESULTS), response=BATCH_ANSWERS, tags=["batches"]
)
def loan_txn_batch(request, body: LoanTxnBatch, idempotency_key: IdempotencyKey = None):
    """贷款业务明细 as import_core stores loan_txns.csv (with loans.csv for the new balances)."""
    return Status(
        *run_batch(
            request,
            "api_loan_txns",
            {
                specs.LOANS.name: _records(body.loans),
                specs.LOAN_TXNS.name: _records(body.loan_txns),
            },
            idempotency_key,
        )
    )


@router.post(
    "/application-steps",
    auth=ClientSecret(Scope.PUSH_RESULTS),
    response=BATCH_ANSWERS,
    tags=["results"],
)
def application_step(
    request,
    body: StepRecord,  # type: ignore[valid-type]
    idempotency_key: IdempotencyKey = None,
):
    """A node's result (办理人, 审批意见, 办理时间): the effect of one application_steps.csv row."""
    return Status(
        *run_batch(
            request,
            "api_application_step",
            {specs.APPLICATION_STEPS.name: [body.model_dump()]},
            idempotency_key,
        )
    )


@router.post(
    "/messages",
    auth=ClientSecret(Scope.PUSH_MESSAGES),
    response={201: BatchResult, **BATCH_ANSWERS},
    tags=["messages"],
)
def message_push(request, body: MessageIn, idempotency_key: IdempotencyKey = None):
    """A message to a depositor (by zjhm or grzh), stored as a messages.csv row; the same
    msgid again changes nothing (or updates what the sender corrected)."""
    zjhm = body.zjhm
    if not zjhm and body.grzh:
        account = FundAccount.objects.select_related("person").filter(grzh=body.grzh).first()
        zjhm = account.person.zjhm if account is not None else ""
        if account is None:
            return Status(
                422,
                {
                    "code": "rejected_records",
                    "message": "有 1 条记录被拒绝。",
                    "errors": [
                        {
                            "record": "messages",
                            "index": 0,
                            "column": "grzh",
                            "message": f"个人账号 {body.grzh} 不存在",
                        }
                    ],
                },
            )
    row = {
        "xxid": body.msgid,
        "zjhm": zjhm,
        "ywmc": body.ywmc,
        "xxnr": body.content,
        "tsqd": body.channel,
        "tssj": body.sent_at,
    }
    status, answer = run_batch(
        request, "api_message", {specs.MESSAGES.name: [row]}, idempotency_key
    )
    if status == 200 and answer["counts"]["messages"]["stored"]:
        status = 201
    # The answer names the API's fields, not the file's columns.
    for error in answer["errors"]:
        error["column"] = MESSAGE_COLUMNS.get(error["column"], error["column"])
    return Status(status, answer)


MESSAGE_COLUMNS = {"xxid": "msgid", "xxnr": "content", "tsqd": "channel", "tssj": "sent_at"}
