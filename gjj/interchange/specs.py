"""The columns of each interchange file (interchange.md)."""

from gjj.interchange.reader import Spec

PERSONS = Spec("persons.csv", ("zjlx", "zjhm", "xingming"), ("xingbie", "sjhm", "jtzz"))
ACCOUNTS = Spec(
    "accounts.csv",
    (
        "grzh",
        "zjhm",
        "dwzh",
        "dwmc",
        "grzhzt",
        "khrq",
        "grjcjs",
        "dwjcbl",
        "grjcbl",
        "dwyjce",
        "gryjce",
        "grzhye",
    ),
    ("jzny", "grckzhhm", "grckzhkhyhmc"),
)
LEDGER = Spec(
    "ledger.csv",
    ("ywlsh", "grzh", "jzrq", "gjhtqywlx", "fse"),
    ("fslxe", "tqyy", "tqfs", "ywzy", "czbz"),
)
LOANS = Spec(
    "loans.csv",
    (
        "jkhtbh",
        "dkzh",
        "zjhm",
        "htdkje",
        "dkqs",
        "dkll",
        "dkhkfs",
        "swtyhmc",
        "jkhtqdrq",
        "ydhkr",
    ),
    ("dkffrq", "scyhny", "dkye", "fwzl", "fwjzmj", "fwzj"),
)
LOAN_TXNS = Spec(
    "loan_txns.csv",
    ("ywlsh", "jkhtbh", "ywfsrq", "dkywmxlx"),
    ("hkny", "ffje", "bjje", "lxje", "fxje", "tqhkfs"),
)
MESSAGES = Spec("messages.csv", ("xxid", "zjhm", "ywmc", "xxnr", "tsqd", "tssj"))
APPLICATIONS = Spec(
    "applications.csv", ("sqid", "zjhm", "ywlx", "ywxx", "fqsj"), ("jkhtbh", "wcsj")
)
APPLICATION_STEPS = Spec("application_steps.csv", ("sqid", "xh", "jdmc"), ("blr", "spyj", "blsj"))

ALL = (PERSONS, ACCOUNTS, LEDGER, LOANS, LOAN_TXNS, MESSAGES, APPLICATIONS, APPLICATION_STEPS)
