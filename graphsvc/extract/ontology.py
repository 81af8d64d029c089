"""The CAMEO event ontology graphsvc codes with: labels, Goldstein values, quad classes.

The table lives in ``data/cameo.csv`` (one row per code: the 20 roots, then base and sub
codes). Codes are strings with their leading zeros ("041", "0871"). Goldstein values are the
GDELT ones; the quad class follows the GDELT scheme (roots 01–05 verbal cooperation, 06–09
material cooperation, 10–14 verbal conflict, 15–20 material conflict); ``plover`` is the PLOVER
event type the code translates to, or None for roots 01 and 02, which PLOVER drops.
"""

from __future__ import annotations

import csv
from collections.abc import Iterator
from dataclasses import dataclass
from functools import cache
from pathlib import Path

DATA_FILE = Path(__file__).resolve().parent / "data" / "cameo.csv"

QUAD_CLASS_LABELS: dict[int, str] = {
    1: "Verbal cooperation",
    2: "Material cooperation",
    3: "Verbal conflict",
    4: "Material conflict",
}
LEVELS = ("root", "base", "sub")


@dataclass(frozen=True, slots=True)
class CameoCode:
    code: str
    root: str
    label: str
    goldstein: float
    quad_class: int
    level: str = "base"
    plover: str | None = None


def quad_class_of_root(root: str) -> int:
    """GDELT quad class of a two-digit root ("01".."20")."""
    number = int(root)
    if not 1 <= number <= 20:
        raise ValueError(f"not a CAMEO root: {root!r}")
    if number <= 5:
        return 1
    if number <= 9:
        return 2
    if number <= 14:
        return 3
    return 4


class Ontology:
    """Read-only lookup over the CAMEO table, in table order."""

    def __init__(self, codes: list[CameoCode]) -> None:
        self._codes = list(codes)
        self._by_code = {c.code: c for c in self._codes}
        if len(self._by_code) != len(self._codes):
            raise ValueError("duplicate CAMEO code in the ontology table")

    def get(self, code: str) -> CameoCode:
        """The entry for ``code``; KeyError when the code is unknown."""
        try:
            return self._by_code[code]
        except KeyError:
            raise KeyError(f"unknown CAMEO code: {code!r}") from None

    def all(self) -> list[CameoCode]:
        return list(self._codes)

    def roots(self) -> list[CameoCode]:
        return [c for c in self._codes if c.level == "root"]

    def root_label(self, root: str) -> str:
        return self.get(root).label

    def __contains__(self, code: object) -> bool:
        return isinstance(code, str) and code in self._by_code

    def __iter__(self) -> Iterator[CameoCode]:
        return iter(self._codes)

    def __len__(self) -> int:
        return len(self._codes)


def _parse_row(row: dict[str, str], line: int) -> CameoCode:
    code = row["code"].strip()
    if not code.isdigit() or len(code) not in (2, 3, 4):
        raise ValueError(f"{DATA_FILE}:{line}: bad CAMEO code {code!r}")
    level = row["level"].strip()
    if level not in LEVELS:
        raise ValueError(f"{DATA_FILE}:{line}: bad level {level!r}")
    return CameoCode(
        code=code,
        root=row["root"].strip(),
        label=row["label"].strip(),
        goldstein=float(row["goldstein"]),
        quad_class=int(row["quad_class"]),
        level=level,
        plover=row["plover"].strip() or None,
    )


@cache
def load_ontology() -> Ontology:
    """The project's CAMEO table, parsed once per process."""
    with DATA_FILE.open(encoding="utf-8", newline="") as fh:
        # DictReader's line 1 is the header, so data rows start at line 2.
        codes = [_parse_row(row, i) for i, row in enumerate(csv.DictReader(fh), start=2)]
    return Ontology(codes)
