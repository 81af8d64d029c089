"""Streamed GEXF 1.3 (dynamic) of the event multigraph: the same columns, ids, values and
time spans as ``render.gexf.to_gexf(build_multigraph(...))``, written one event at a time.
A node's span comes with its record (the store's first and last dates under the filter)."""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator, Sequence

from graphsvc.render._xml import attr
from graphsvc.render.gexf import GEXF_TYPES, GRAPH, HEADER, span_attrs
from graphsvc.render.streaming._common import (
    EDGE_ATTRS,
    NODE_ATTRS,
    TRUE_FALSE,
    Chunker,
    clean,
    field_of,
    sorted_nodes,
)
from graphsvc.row_template import Field, RowTemplate, parse_percent
from graphsvc.rows import EventRow, NodeRecord

_ATTR_SPECIAL = re.compile('[&<>"\r\n\t\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]')
_FORMATS = {int: "%d", float: "%r", bool: "%s", str: "%s"}
# GEXF's own label attribute carries the label; the others are attvalues (as to_gexf does).
NODE_COLUMNS = tuple((name, kind) for name, kind in NODE_ATTRS if name != "label")
EDGE_COLUMNS = tuple((name, kind) for name, _, kind in EDGE_ATTRS if name != "label")


def _declarations(cls: str, columns: tuple[tuple[str, type], ...]) -> str:
    rows = "".join(
        f'      <attribute id="{i}" title="{name}" type="{GEXF_TYPES[kind]}"/>\n'
        for i, (name, kind) in enumerate(columns)
    )
    return f'    <attributes class="{cls}" mode="static">\n{rows}    </attributes>\n'


PROLOG = (
    HEADER
    + GRAPH.format(kind="directed")
    + _declarations("node", NODE_COLUMNS)
    + _declarations("edge", EDGE_COLUMNS)
    + "    <nodes>\n"
)
BETWEEN = "    </nodes>\n    <edges>\n"
FOOTER = "    </edges>\n  </graph>\n</gexf>\n"
NODE = '      <node id="%s" label="%s"%s><attvalues><attvalue for="0" value="%s"/><attvalue for="1" value="%d"/></attvalues></node>\n'  # noqa: E501
_EDGE_VALUES = (
    "><attvalues>"
    + "".join(
        f'<attvalue for="{i}" value="{_FORMATS[kind]}"/>'
        for i, (_, kind) in enumerate(EDGE_COLUMNS)
    )
    + "</attvalues></edge>\n"
)
# A dated event lives on its day (start = end = its date); an undated one has no span.
EDGE_DATED = '      <edge id="%d" source="%s" target="%s" label="%s" start="%s" end="%s"' + (
    _EDGE_VALUES
)
EDGE_UNDATED = '      <edge id="%d" source="%s" target="%s" label="%s"' + _EDGE_VALUES


# The same edges for the database to render (store.rendered): every value in an attribute.
_HEAD = [Field("id", "int"), Field("source", "xml_attr"), Field("target", "xml_attr"),
         Field("label", "xml_attr")]  # fmt: skip
_COLUMN_FIELDS = [field_of(i, kind, "xml_attr") for name, i, kind in EDGE_ATTRS if name != "label"]
_DATE = Field("date", "xml_attr")
EDGE_TEMPLATE = RowTemplate(
    "xml",
    dated=parse_percent(EDGE_DATED, [*_HEAD, _DATE, _DATE, *_COLUMN_FIELDS]),
    undated=parse_percent(EDGE_UNDATED, [*_HEAD, *_COLUMN_FIELDS]),
)


def _node(node: NodeRecord) -> str:
    span = span_attrs((node.first_date, node.last_date) if node.first_date else None)
    return NODE % (
        attr(node.code),
        attr(clean(node.label)),
        span,
        attr(node.kind),
        node.event_count,
    )


# Positions of text in an EDGE value tuple: id, source, target, label, then the columns.
_TEXTS = (1, 2, 3, *(i + 4 for i, (_, kind) in enumerate(EDGE_COLUMNS) if kind is str))


def _escaped(values: tuple) -> tuple:
    """The slow path, for a row with text that needs escaping or cleaning (quotes, &)."""
    out = list(values)
    for i in _TEXTS:
        out[i] = attr(out[i])
    return tuple(out)


def _edge(row: EventRow) -> str:
    """One edge: the template filled with the row's values; one regex scan over all of its
    text decides whether any value needs escaping (rarely), so no call per value."""
    (eid, source, target, code, root, quad, goldstein, label, date, precision, sentence,
     article, s_text, t_text, s_sector, t_sector, group, symmetric, confidence, negated,
     mentions, _trigger, _version) = row  # fmt: skip
    values = (
        eid, source, target, label,
        eid, code, root, quad, float(goldstein), date, precision, sentence, article, s_text,
        t_text, s_sector, t_sector, group, TRUE_FALSE[bool(symmetric)], float(confidence),
        TRUE_FALSE[bool(negated)], mentions,
    )  # fmt: skip
    texts = "".join((source, target, label, code, root, date, precision, sentence, article,
                     s_text, t_text, s_sector, t_sector, group))  # fmt: skip
    if _ATTR_SPECIAL.search(texts):
        values = _escaped(values)
    if date:  # ISO text from the store: nothing to escape
        return EDGE_DATED % (*values[:4], date, date, *values[4:])
    return EDGE_UNDATED % values


def edge_bytes(row: EventRow) -> bytes:
    """One <edge> element (for a row the database left to Python)."""
    return _edge(row).encode("utf-8")


def edges_bytes(rows: Sequence[EventRow]) -> bytes:
    """The <edge> elements of a chunk of rows (in ``graphsvc.rows.ROW_FIELDS`` order)."""
    return "".join([_edge(row) for row in rows]).encode("utf-8")


def stream_gexf(
    nodes: Iterable[NodeRecord], chunks: Iterable[Sequence[EventRow]]
) -> Iterator[bytes]:
    """GEXF 1.3 bytes: header and attribute declarations at once, nodes, then edges."""
    return gexf_document(nodes, map(edges_bytes, chunks))


def gexf_document(nodes: Iterable[NodeRecord], edges: Iterable[bytes]) -> Iterator[bytes]:
    """GEXF bytes around ``edges``, the <edge> elements already rendered."""
    yield PROLOG.encode("utf-8")
    out = Chunker()
    yield from out.feed("".join(_node(n) for n in sorted_nodes(nodes)) + BETWEEN)
    for block in edges:
        yield from out.feed(block)
    yield from out.feed(FOOTER)
    yield from out.flush()
