"""The formats ``graphsvc import`` reads: how each file is split and which parser reads it."""

from __future__ import annotations

from collections.abc import Callable, Iterator, Mapping, Sequence
from dataclasses import dataclass

from graphsvc.imports import acled, gdelt, icews, polecat, readers
from graphsvc.imports.records import Outcome, RowError


@dataclass(frozen=True)
class Format:
    name: str  # the dataset name stored in events.dataset, and the command's FORMAT
    split: Callable[[readers.Part], Iterator[tuple[int, list[str] | RowError]]]
    parse_fields: Callable[[Sequence[str]], Outcome] | None = None  # headerless files
    parse_row: Callable[[Mapping[str, str]], Outcome] | None = None  # files with a header
    columns: tuple[str, ...] = ()  # header columns a file must have
    with_mentions: bool = False  # events count mentions stored before them (GDELT 2.0)

    def rows(self, part: readers.Part) -> Iterator[tuple[int, Outcome | RowError]]:
        """(line, outcome or the row's error) for every row of one file."""
        lines = self.split(part)
        if self.parse_fields is not None:
            for number, fields in lines:
                yield (
                    number,
                    fields if isinstance(fields, RowError) else _safe(self.parse_fields, fields),
                )
            return
        yield from self._with_header(lines)

    def _with_header(
        self, lines: Iterator[tuple[int, list[str] | RowError]]
    ) -> Iterator[tuple[int, Outcome | RowError]]:
        assert self.parse_row is not None
        first = next(lines, None)
        if first is None:
            return
        number, header = first
        if isinstance(header, RowError):
            yield number, header
            return
        names = [h.strip() for h in header]
        missing = [c for c in self.columns if c not in names]
        if missing:
            yield (
                number,
                RowError(
                    f"the header lacks {', '.join(repr(m) for m in missing)}; is this a "
                    f"{self.name} file?"
                ),
            )
            return
        width = len(names)
        for number, fields in lines:
            if isinstance(fields, RowError):
                yield number, fields
                continue
            if len(fields) > width and not any(f.strip() for f in fields[width:]):
                fields = fields[:width]  # trailing empty cells (some POLECAT files)
            if len(fields) != width:
                yield number, RowError(f"{len(fields)} columns; the header has {width}")
                continue
            yield number, _safe(self.parse_row, dict(zip(names, fields, strict=True)))


def _safe(parse: Callable[[object], Outcome], value: object) -> Outcome | RowError:
    try:
        return parse(value)
    except RowError as exc:
        return exc


FORMATS: dict[str, Format] = {
    "gdelt1": Format("gdelt1", readers.tab_rows, parse_fields=gdelt.parse_gdelt1),
    "gdelt2": Format(
        "gdelt2", readers.tab_rows, parse_fields=gdelt.parse_gdelt2, with_mentions=True
    ),
    "icews": Format("icews", readers.tab_rows, parse_row=icews.parse, columns=icews.COLUMNS),
    "polecat": Format(
        "polecat", readers.tab_rows, parse_row=polecat.parse, columns=polecat.COLUMNS
    ),
    "acled": Format("acled", readers.csv_rows, parse_row=acled.parse, columns=acled.COLUMNS),
}
