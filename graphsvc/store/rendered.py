"""Event text rendered by the database: one string per event instead of a row of values.

Reading a row into Python and filling a template there costs ~10 µs per event; here the
database builds each event's text from a ``RowTemplate`` (SQLite's ``printf()``,
PostgreSQL's ``concat()``), so Python only passes bytes on. PostgreSQL does it in its own
process (the second core), through ``COPY … TO STDOUT``.

Exactness comes first: the text must be byte for byte what the Python writers make. The
database renders only rows it can spell exactly — no character that the XML writers
escape or drop (double quotes aside, which it escapes), no backslash or control character
in JSON, no NUL (SQLite's ``printf`` would cut the text there), floats whose database text
is Python's ``repr`` — and returns the event id in place of the text for any other row;
those rows (rare) are read as plain rows and written by the Python writer, in place.

The check of a row's text is a single scan: on PostgreSQL a regular expression in the
query; on SQLite, which has no cheap "contains any of" test (one ``instr``/``replace``
pass per character costs more than the whole rendering), the query also returns each
row's text fields joined, and Python scans a chunk of them at once with
``bytes.translate`` (about a tenth of a microsecond per event), row by row only when the
chunk holds a refused byte.

On SQLite an export of the whole table is read by id ranges on two reader threads
(``store.ranged``), one row per range: the texts and the checked fields, each joined by
``group_concat``. A filter that selects by an index keeps one cursor, read one chunk ahead
(``store.read_ahead``).
"""

from __future__ import annotations

import os
import re
from bisect import bisect_right
from collections.abc import Callable, Iterator
from itertools import accumulate
from typing import Any

from sqlalchemy import (
    Engine,
    Float,
    LargeBinary,
    String,
    Text,
    and_,
    bindparam,
    case,
    cast,
    func,
    literal,
    not_,
    or_,
    select,
    true,
)
from sqlalchemy.sql import ColumnElement

from graphsvc.models import EventFilter
from graphsvc.row_template import TEXT_KINDS, Field, Piece, RowTemplate
from graphsvc.rows import CONTEXT_FIELDS, FORMULA_START, ROW_FIELDS, EventRow
from graphsvc.store.outage import raw_outage
from graphsvc.store.queries import filter_clause
from graphsvc.store.ranged import RangeReader
from graphsvc.store.read_ahead import ReadAhead
from graphsvc.store.schema import events
from graphsvc.store.stream import (
    CHUNK_ROWS,
    CONTEXT_COLUMNS,
    ROW_COLUMNS,
    WITH_CONTEXT,
    rows_select,
)

_VALUES: dict[str, Any] = {
    name: column for name, column in zip(ROW_FIELDS + CONTEXT_FIELDS,
                                         ROW_COLUMNS + CONTEXT_COLUMNS, strict=True)
}  # fmt: skip
# Bytes a row's text fields must not hold for the database to render it, by syntax; and
# UTF-8 lead bytes of U+FFC0–U+FFFF (U+FFFE, U+FFFF are not XML; the rest only cost a
# detour through Python).
_CONTROLS = bytes(range(32))
_REFUSED = {
    "xml": _CONTROLS + b"&<>",
    "json": _CONTROLS + b"\\",
    "csv": b"\x00",
    # Screened CSV cells (row_template.Field.screen), written raw by SQLite: the rare row
    # where one needs quoting goes to Python.
    "csv_raw": b'\x00,"\r\n',
}
_NONCHARACTER_LEAD = b"\xef\xbf"
_SEPARATOR = b"\x01"  # between the rows of a range (store.ranged); refused in xml and json
# The same on PostgreSQL (which stores no NUL), as a regular expression.
_PG_REFUSED = {
    "xml": "[&<>\x01-\x1f\ufffe\uffff]",
    "json": "[\\\\\x01-\x1f\ufffe\uffff]",
}
# Reader threads of a SQLite export that spans the whole table (store.ranged).
READERS = max(1, min(2, os.cpu_count() or 1))
_FROM_EVENTS = re.compile(r"\bFROM events\b")
_MARK = "\x03"  # a PostgreSQL row left to Python: this, then the event id (never in text)
_PG_COPY = (
    "COPY ({select}) TO STDOUT WITH (FORMAT csv, DELIMITER E'\\002', QUOTE E'\\001', FORCE_QUOTE *)"
)


def _plain_table(refused: bytes, separator: bytes = b"") -> bytes:
    """A bytes.translate table mapping each refused byte to 0, ``separator`` to 2 and every
    other byte to 1."""
    return bytes(2 if b in separator else 0 if b in refused else 1 for b in range(256))


_TABLES = {key: _plain_table(refused) for key, refused in _REFUSED.items()}
_RANGE_TABLES = {key: _plain_table(refused, _SEPARATOR) for key, refused in _REFUSED.items()}


def _refused_rows(checks: list[bytes], table: bytes) -> set[int]:
    """Positions of the rows whose joined text fields hold a refused byte: one scan of the
    whole chunk, then a binary search per hit (hits are rare)."""
    joined = b"".join(checks)
    mapped = joined.translate(table)
    if mapped.find(0) < 0 and joined.find(_NONCHARACTER_LEAD) < 0:
        return set()
    ends = list(accumulate(map(len, checks)))
    found: set[int] = set()
    for data, needle in ((mapped, b"\x00"), (joined, _NONCHARACTER_LEAD)):
        at = data.find(needle)
        while at >= 0:
            row = bisect_right(ends, at)
            found.add(row)
            at = data.find(needle, ends[row])
    return found


def _spans_everything(f: EventFilter) -> bool:
    """Whether ``f`` keeps most events whatever the store (no dates, actors, codes, busy
    pairs or datasets to select by): then reading by id ranges wastes little on rows the
    filter drops; a selective filter is better served by its index and one cursor."""
    return (
        not (f.date_from or f.date_to or f.actors or f.codes or f.roots or f.datasets)
        and f.min_count <= 1
    )


def _room_for_readers(engine: Engine) -> bool:
    """Whether the connection pool can lend the readers theirs (READERS + 1) and stay
    within its base size: under many concurrent exports, the later ones take one cursor
    (one connection) rather than make other requests wait for a connection."""
    pool: Any = engine.pool
    size = getattr(pool, "size", None)
    if not callable(size):
        return True  # a pool without a size makes connections on demand
    return int(pool.checkedout()) + READERS + 1 <= int(size())


def _text(value: Any) -> Any:
    return cast(literal(value, String), Text)


class _Dialect:
    """SQL spellings of the template's value kinds for one database."""

    def __init__(self, name: str) -> None:
        self.pg = name == "postgresql"

    def replace(self, value: Any, old: str, new: str) -> Any:
        return func.replace(value, _text(old), _text(new))

    def contains(self, value: Any, char: str) -> ColumnElement[bool]:
        if self.pg:
            return func.strpos(value, _text(char)) > 0
        # LIKE '%c%' scans about twice as fast as instr() in SQLite (c is no wildcard).
        assert char not in "%_"
        return value.like(_text(f"%{char}%"))

    def value(self, field: Field) -> Any:
        v = _VALUES[field.name]
        kind = field.kind
        if kind == "int":
            return cast(v, Text) if self.pg else v
        if kind == "float":
            text = cast(v, Text)
            if not self.pg:
                return text  # %!.15g: Python's repr when it round-trips (float_ok)
            # float8 text is the shortest exact form, as repr, but 2.0 reads "2" (and -0.0
            # "-0"): in the range float_ok lets through that is every whole number.
            return case((v == func.trunc(v), text + _text(".0")), else_=text)
        if kind in ("bool_xml", "bool_py"):
            yes, no = ("true", "false") if kind == "bool_xml" else ("True", "False")
            return (
                case((v == 1, _text(yes)), else_=_text(no))
                if not self.pg
                else case((v, _text(yes)), else_=_text(no))
            )
        if kind == "xml_text":
            return v  # the row check keeps out everything text() would change
        if kind == "xml_attr":
            return case((self.contains(v, '"'), self.replace(v, '"', "&quot;")), else_=v)
        if kind == "json":
            return case((self.contains(v, '"'), self.replace(v, '"', '\\"')), else_=v)
        return self._csv(v, guard=kind == "csv_guard", screen=field.screen and not self.pg)

    def _csv(self, v: Any, *, guard: bool, screen: bool) -> Any:
        """A cell as csv.writer writes it: quoted (quotes doubled) when it holds a comma, a
        quote or a line break; with the formula guard, an apostrophe first. A screened cell
        is written unquoted (rows where it needs quotes are refused, "csv_raw")."""
        quote = or_(*(self.contains(v, c) for c in (",", '"', "\n", "\r")))
        prefix: Any = _text("")
        if guard:
            starts = [c for c in FORMULA_START if c != "\x00"]
            # Every formula start sorts below "A" or from U+FF00 on: text between starts
            # with none (two comparisons instead of a substring test, for most cells).
            assert all(c < "A" or c >= "\uff00" for c in FORMULA_START)
            plain = and_(v >= _text("A"), v < _text("\uff00"))
            starts_formula = func.substr(v, 1, 1).in_([_text(c) for c in starts])
            prefix = case((plain, _text("")), (starts_formula, _text("'")), else_=_text(""))
        if screen:
            return prefix + v if guard else v
        quoted = _text('"') + prefix + self.replace(v, '"', '""') + _text('"')
        return case((quote, quoted), else_=prefix + v if guard else v)

    def render(self, pieces: tuple[Piece, ...]) -> Any:
        """The text of one row: printf on SQLite, concat on PostgreSQL (one pass each)."""
        if self.pg:
            return func.concat(*(_text(p) if isinstance(p, str) else self.value(p)
                                 for p in pieces))  # fmt: skip
        fmt: list[str] = []
        args: list[Any] = []
        for piece in pieces:
            if isinstance(piece, str):
                fmt.append(piece.replace("%", "%%"))
            else:
                fmt.append("%d" if piece.kind == "int" else "%s")
                args.append(self.value(piece))
        return func.printf(_text("".join(fmt)), *args)

    def float_ok(self, field: Field) -> ColumnElement[bool]:
        """Whether the database writes this float as Python's repr: not in exponent form
        (both switch to it below 1e-4; orjson never does; %g and repr differ in
        [1e15, 1e16)), and on SQLite only when its 15 digits round-trip (then they are
        repr's digits: repr is the shortest text that round-trips)."""
        v = _VALUES[field.name]
        sized = and_(or_(v == 0, func.abs(v) >= 1e-4), func.abs(v) < 1e15)
        if self.pg:
            return sized
        exact = and_(sized, cast(cast(v, Text), Float) == v)
        # Most values have at most 4 decimals: v = k / 10^4 (the nearest double to it) has
        # at most 13 digits, so its 15-digit text round-trips and it is in range. Testing
        # that first (arithmetic) spares most rows the text round trip (two conversions).
        short = and_(func.abs(v) < 1e9, v == func.round(v * 10000) / 10000.0)
        return case((short, true()), else_=exact)

    def texts_ok(self, template: RowTemplate, texts: list[Any]) -> ColumnElement[bool]:
        """PostgreSQL: whether none of the text fields holds a refused character."""
        if template.syntax == "csv":
            return literal(True)  # PostgreSQL stores no NUL
        joined = texts[0] if len(texts) == 1 else func.concat(*texts)
        return not_(joined.op("~", is_comparison=True)(_text(_PG_REFUSED[template.syntax])))


def _cat(texts: list[Any]) -> Any:
    out = texts[0]
    for t in texts[1:]:
        out = out.op("||")(t)
    return out


def _joined(texts: list[Any]) -> Any:
    """Text values as one string (with ||, which keeps a NUL: printf would end there)."""
    return _cat(texts) if texts else literal("")


def rendered_text(
    template: RowTemplate, dialect_name: str
) -> tuple[Any, Any, list[tuple[Any, str]]]:
    """SQL expressions of a row's text, of whether its floats and (PostgreSQL) texts let
    the database write it, and (SQLite) of the text fields to check in Python: a list of
    (the values joined, the ``_REFUSED`` key they are checked against)."""
    d = _Dialect(dialect_name)
    fields = template.fields()
    text = d.render(template.dated)
    if template.undated is not None:
        text = case((_VALUES["date"] != "", text), else_=d.render(template.undated))
    texts = [_VALUES[f.name] for f in fields if f.kind in TEXT_KINDS]
    checks = [d.float_ok(f) for f in fields if f.kind == "float"]
    if d.pg and texts:
        checks.append(d.texts_ok(template, texts))
    # Each text field is checked once: screened ones for what they would need, the rest
    # for what the syntax refuses.
    screened = [_VALUES[f.name] for f in fields if f.screen and not d.pg]
    unscreened = [_VALUES[f.name] for f in fields if f.kind in TEXT_KINDS and not f.screen]
    screens: list[tuple[Any, str]] = [(_joined(unscreened), template.syntax)]
    if screened:
        screens.append((_joined(screened), "csv_raw"))
    return text, and_(true(), *checks), screens


class RenderedStream:
    """Iterate to get ``(texts, rows)`` per chunk of events in id order: ``texts`` holds
    one ``bytes`` per event, or None where ``rows`` (position → plain row, in
    ``ROW_FIELDS`` / ``CSV_ROW_FIELDS`` order) holds the row for the Python writer.

    As ``EventStream``, the query starts when the stream is made (a bad query fails before
    any byte is sent) and ``close()`` (or the end of iteration) frees the connection."""

    def __init__(
        self, engine: Engine, f: EventFilter, template: RowTemplate, *, chunk_rows: int = CHUNK_ROWS
    ) -> None:
        self._engine = engine
        self._template = template
        self._chunk = chunk_rows
        self._pg = engine.dialect.name == "postgresql"
        self._closers: list[Any] = []
        self._ranges: RangeReader | None = None
        text, ok, screens = rendered_text(template, engine.dialect.name)
        source = WITH_CONTEXT if template.context else events
        where = filter_clause(f)
        try:
            if self._pg:
                column = case((ok, text), else_=_text(_MARK) + cast(events.c.id, Text))
                stmt = select(column).select_from(source).where(where).order_by(events.c.id)
                self._open_pg(stmt, f)
                return
            # The text fields come along and are checked a chunk at a time in Python:
            # cheaper than any per-row test SQLite offers. A row whose floats SQLite cannot
            # spell gets a NUL before them, which every check refuses.
            self._keys = [key for _, key in screens]
            checked = screens[0][0]
            first = cast(case((ok, checked), else_=_text("\x00").op("||")(checked)), LargeBinary)
            columns = [
                cast(text, LargeBinary),
                first,
                *(cast(expr, LargeBinary) for expr, _ in screens[1:]),
            ]
            ranged = _spans_everything(f) and _room_for_readers(engine)
            if not (ranged and self._open_ranges(columns, source, where)):
                stmt = select(events.c.id, *columns).select_from(source).where(where)
                self._open_sqlite(stmt.order_by(events.c.id))
        except BaseException:
            self.close()
            raise

    # -- opening -------------------------------------------------------------------------

    def _open_sqlite(self, stmt: Any) -> None:
        conn = self._engine.connect()
        self._closers.append(conn.close)
        result = conn.execute(stmt)
        self._closers.insert(0, result.close)
        cursor = result.cursor  # the DBAPI cursor: no row objects per event
        chunk = self._chunk
        self._ahead = ReadAhead(lambda: cursor.fetchmany(chunk))
        self._closers.insert(0, self._ahead.close)  # the reader stops before the cursor closes

    def _range_sql(self, stmt: Any) -> tuple[str, Callable[[int, int], list[Any]]] | None:
        """SQLite text of ``stmt`` (with ``lo``/``hi`` parameters) reading the events table
        NOT INDEXED — by rowid range, whatever index the filter could use — and a function
        of (lo, hi) giving its parameters; None if the text is not as expected."""
        compiled = stmt.compile(
            dialect=self._engine.dialect, compile_kwargs={"render_postcompile": True}
        )
        sql = str(compiled)
        if len(_FROM_EVENTS.findall(sql)) != 1 or compiled.positiontup is None:
            return None
        sql = _FROM_EVENTS.sub("FROM events NOT INDEXED", sql)
        names, values = list(compiled.positiontup), dict(compiled.params)

        def params(lo: int, hi: int) -> list[Any]:
            values["lo"], values["hi"] = lo, hi
            return [values[name] for name in names]

        return sql, params

    def _open_ranges(self, columns: list[Any], source: Any, where: Any) -> bool:
        """Read by id ranges with several reader threads (store.ranged): each range comes
        back as one row — the count and each column's values joined by _SEPARATOR."""
        in_range = and_(events.c.id >= bindparam("lo", 0), events.c.id < bindparam("hi", 0), where)
        labelled = [c.label(f"c{i}") for i, c in enumerate(columns)]
        inner = select(*labelled).select_from(source).where(in_range).order_by(events.c.id)
        rows = inner.subquery()
        sep = literal(_SEPARATOR, LargeBinary)
        joined = [cast(func.group_concat(c, sep), LargeBinary) for c in rows.c]
        grouped = self._range_sql(select(func.count(), *joined).select_from(rows))
        plain = select(events.c.id, *columns).select_from(source).where(in_range)
        by_row = self._range_sql(plain.order_by(events.c.id))
        ids = self._range_sql(select(events.c.id).where(in_range).order_by(events.c.id))
        if grouped is None or by_row is None or ids is None:
            return False
        self._by_row, self._ids = by_row, ids
        raws = []
        for _ in range(READERS + 1):  # the readers, and one for rows read one by one
            raw = self._engine.raw_connection()
            self._closers.append(raw.close)
            self._closers.insert(0, raw.rollback)
            raws.append(raw.driver_connection)
        self._spare = raws[-1]
        sql, params = grouped
        self._ranges = RangeReader(raws[:-1], sql, params, width=self._chunk, spares=raws[-1:])
        self._closers.insert(0, self._ranges.close)  # readers stop before the rollbacks
        return True

    def _open_pg(self, stmt: Any, f: EventFilter) -> None:
        engine = self._engine
        compiled = stmt.compile(dialect=engine.dialect, compile_kwargs={"render_postcompile": True})
        try:
            raw = engine.raw_connection()
        except engine.dialect.loaded_dbapi.Error as exc:
            raise (raw_outage(engine, exc) or exc) from exc
        self._closers.append(raw.close)
        self._closers.insert(0, raw.rollback)
        cursor = raw.driver_connection.cursor()
        self._closers.insert(0, cursor.close)
        try:
            # float8 text is the shortest exact form (repr's digits) only at this setting,
            # the default since PostgreSQL 12; a server configured otherwise is overridden.
            cursor.execute("SET LOCAL extra_float_digits = 1")
            if f == EventFilter():
                # Everything in id order: the primary key's order, not a sort of every row
                # before the first is sent (COPY plans for the last row, a cursor the first).
                cursor.execute("SET LOCAL enable_sort = off")
            copy_cm = cursor.copy(_PG_COPY.format(select=compiled), compiled.params)
            self._copy = copy_cm.__enter__()
        except engine.dialect.loaded_dbapi.Error as exc:
            raise (raw_outage(engine, exc) or exc) from exc
        self._copy_cm = copy_cm
        self._closers.insert(0, self._end_copy)
        self._drained = False

    def _end_copy(self) -> None:
        if self._drained:
            self._copy_cm.__exit__(None, None, None)
        else:  # psycopg cancels an unfinished COPY TO when its block ends in an error
            stop = GeneratorExit()
            self._copy_cm.__exit__(type(stop), stop, None)

    # -- reading -------------------------------------------------------------------------

    def __iter__(self) -> Iterator[tuple[list[bytes | None], dict[int, EventRow]]]:
        try:
            yield from (self._pg_chunks() if self._pg else self._sqlite_chunks())
        finally:
            self.close()

    def _sqlite_chunks(self) -> Iterator[tuple[list[bytes | None], dict[int, EventRow]]]:
        if self._ranges is not None:
            yield from self._range_chunks(self._ranges)
            return
        for rows in self._ahead:
            yield self._row_chunk(rows)

    def _row_chunk(self, rows: list[Any]) -> tuple[list[bytes | None], dict[int, EventRow]]:
        """A chunk from rows of (id, text, checked text fields…)."""
        texts: list[bytes | None] = [r[1] for r in rows]
        refused: set[int] = set()
        for i, key in enumerate(self._keys):
            refused |= _refused_rows([r[2 + i] for r in rows], _TABLES[key])
        if not refused:
            return texts, {}
        for i in refused:
            texts[i] = None
        return texts, self._plain_rows({rows[i][0]: i for i in refused})

    def _range_chunks(
        self, ranges: RangeReader
    ) -> Iterator[tuple[list[bytes | None], dict[int, EventRow]]]:
        """Chunks from ranges read whole: when no row is refused (the usual case), the
        range's texts as one piece, already joined by the template's separator."""
        separator = self._template.separator
        for lo, hi, (count, text, *screens) in ranges:
            if not count:
                continue
            # Every text value is in one of the screens, and the template, numbers and
            # booleans hold no separator byte: if the screens count one row per separator,
            # so does the text (a float SQLite cannot spell is a refused row, see below).
            if any(b.count(_SEPARATOR) != count - 1 for b in screens):
                # A text holds the separator byte itself: this range row by row.
                sql, params = self._by_row
                yield self._row_chunk(self._spare.execute(sql, params(lo, hi)).fetchall())
                continue
            refused: set[int] = set()
            for blob, key in zip(screens, self._keys, strict=True):
                if blob.translate(_RANGE_TABLES[key]).find(0) >= 0 or _NONCHARACTER_LEAD in blob:
                    refused |= _refused_rows(blob.split(_SEPARATOR), _TABLES[key])
            if not refused:
                yield [text.replace(_SEPARATOR, separator)], {}
                continue
            texts: list[bytes | None] = list(text.split(_SEPARATOR))
            if len(texts) != count:  # a refused float's text held the separator byte
                sql, params = self._by_row
                yield self._row_chunk(self._spare.execute(sql, params(lo, hi)).fetchall())
                continue
            sql, params = self._ids
            ids = [row[0] for row in self._spare.execute(sql, params(lo, hi)).fetchall()]
            for i in refused:
                texts[i] = None
            yield texts, self._plain_rows({ids[i]: i for i in refused})

    def _pg_chunks(self) -> Iterator[tuple[list[bytes | None], dict[int, EventRow]]]:
        texts: list[bytes | None] = []
        missing: dict[int, int] = {}
        mark = ord(_MARK)
        for row in self._copy:
            # Each row arrives alone: \x01 text \x01 \n (csv quoting with a quote character
            # no rendered text holds).
            if row[1] == mark:
                missing[int(bytes(row[2:-2]))] = len(texts)
                texts.append(None)
            else:
                texts.append(bytes(row[1:-2]))
            if len(texts) == self._chunk:
                yield texts, self._plain_rows(missing) if missing else {}
                texts, missing = [], {}
        self._drained = True
        if texts:
            yield texts, self._plain_rows(missing) if missing else {}

    def _plain_rows(self, positions: dict[int, int]) -> dict[int, EventRow]:
        """The plain rows of the events the database left to Python, by chunk position."""
        where = events.c.id.in_(sorted(positions))
        with self._engine.connect() as conn:
            found = conn.execute(rows_select(where, self._template.context)).all()
        return {positions[row[0]]: tuple(row) for row in found}

    @property
    def reader_cpu_seconds(self) -> float:
        """CPU time of the SQLite reader threads once closed (0 on PostgreSQL): the part
        of the work that runs beside the rest (for the benchmark)."""
        if self._ranges is not None:
            return self._ranges.cpu_seconds
        ahead = getattr(self, "_ahead", None)
        return ahead.cpu_seconds if ahead is not None else 0.0

    def close(self) -> None:
        """End the query and free the connection (safe to call more than once)."""
        closers, self._closers = self._closers, []
        errors: list[BaseException] = []
        for close in closers:
            try:
                close()
            except BaseException as exc:
                errors.append(exc)
        if errors:
            raise errors[0]

    def __enter__(self) -> RenderedStream:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()
