"""Demo and benchmark population for the hall, written in the interchange format (interchange.md).

`generate(out, persons=, seed=, today=)` streams a deterministic folder: the same seed and today
give byte-identical files. Built on the money engines (gjj.loans.plan, gjj.fund.interest).
"""

from .personas import PERSONAS
from .writer import COLUMNS, generate

__all__ = ["COLUMNS", "PERSONAS", "generate"]
