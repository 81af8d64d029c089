"""Streamed GraphML of the event multigraph: the same keys, ids and values as
``render.graphml.to_graphml(build_multigraph(...))``, written one event at a time."""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator, Sequence

from graphsvc.render._xml import attr, text
from graphsvc.render.graphml import GRAPHML_TYPES, HEADER
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

# Element text needs work only for these (quotes and line breaks are fine in content).
_TEXT_SPECIAL = re.compile("[&<>\r\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")
_ATTR_SPECIAL = re.compile('[&<>"\r\n\t\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]')
_FORMATS = {int: "%d", float: "%r", bool: "%s", str: "%s"}


def _key_lines() -> str:
    lines = [
        f'  <key id="n{i}" for="node" attr.name="{name}" attr.type="{GRAPHML_TYPES[kind]}"/>\n'
        for i, (name, kind) in enumerate(NODE_ATTRS)
    ]
    lines += [
        f'  <key id="e{i}" for="edge" attr.name="{name}" attr.type="{GRAPHML_TYPES[kind]}"/>\n'
        for i, (name, _, kind) in enumerate(EDGE_ATTRS)
    ]
    return "".join(lines)


PROLOG = HEADER + _key_lines() + '  <graph id="G" edgedefault="directed">\n'
FOOTER = "  </graph>\n</graphml>\n"
NODE = (
    '    <node id="%s">\n'
    + "".join(f'      <data key="n{i}">%s</data>\n' for i in range(len(NODE_ATTRS)))
    + "    </node>\n"
)
# One template for every edge: id, source, target, then the attributes in EDGE_ATTRS order.
EDGE = (
    '    <edge id="%d" source="%s" target="%s">\n'
    + "".join(
        f'      <data key="e{i}">{_FORMATS[kind]}</data>\n'
        for i, (_, _, kind) in enumerate(EDGE_ATTRS)
    )
    + "    </edge>\n"
)


# The same edge for the database to render (store.rendered): id, source and target in
# attributes, then the attributes as element text.
EDGE_TEMPLATE = RowTemplate(
    "xml",
    parse_percent(
        EDGE,
        [
            Field("id", "int"),
            Field("source", "xml_attr"),
            Field("target", "xml_attr"),
            *(field_of(index, kind, "xml_text") for _, index, kind in EDGE_ATTRS),
        ],
    ),
)


def _node(node: NodeRecord) -> str:
    return NODE % (attr(node.code), text(clean(node.label)), text(node.kind), node.event_count)


# Positions in an EDGE value tuple: attribute values, then element text.
_IN_ATTRIBUTES = (1, 2)
_IN_TEXT = tuple(i + 3 for i, (_, _, kind) in enumerate(EDGE_ATTRS) if kind is str)


def _escaped(values: tuple) -> tuple:
    """The slow path, for the rare row with text that needs escaping or cleaning."""
    out = list(values)
    for i in _IN_ATTRIBUTES:
        out[i] = attr(out[i])
    for i in _IN_TEXT:
        out[i] = text(out[i])
    return tuple(out)


def _edge(row: EventRow) -> str:
    """One edge: the template filled with the row's values; one regex scan over all of its
    text decides whether any value needs escaping (rarely), so no call per value."""
    (eid, source, target, code, root, quad, goldstein, label, date, precision, sentence,
     article, s_text, t_text, s_sector, t_sector, group, symmetric, confidence, negated,
     mentions, _trigger, _version) = row  # fmt: skip
    values = (
        eid, source, target,
        eid, code, root, quad, float(goldstein), label, date, precision, sentence, article,
        s_text, t_text, s_sector, t_sector, group, TRUE_FALSE[bool(symmetric)],
        float(confidence), TRUE_FALSE[bool(negated)], mentions,
    )  # fmt: skip
    texts = "".join((code, root, label, date, precision, sentence, article, s_text, t_text,
                     s_sector, t_sector, group))  # fmt: skip
    if _TEXT_SPECIAL.search(texts) or _ATTR_SPECIAL.search(source + target):
        values = _escaped(values)
    return EDGE % values


def edge_bytes(row: EventRow) -> bytes:
    """One <edge> element (for a row the database left to Python)."""
    return _edge(row).encode("utf-8")


def edges_bytes(rows: Sequence[EventRow]) -> bytes:
    """The <edge> elements of a chunk of rows (in ``graphsvc.rows.ROW_FIELDS`` order)."""
    return "".join([_edge(row) for row in rows]).encode("utf-8")


def stream_graphml(
    nodes: Iterable[NodeRecord], chunks: Iterable[Sequence[EventRow]]
) -> Iterator[bytes]:
    """GraphML bytes: the prolog and keys at once, then the nodes, then one edge per row.

    ``nodes`` is read after the prolog is out (it may be a lazy query); ``chunks`` yields
    lists of rows in ``graphsvc.rows.ROW_FIELDS`` order.
    """
    return graphml_document(nodes, map(edges_bytes, chunks))


def graphml_document(nodes: Iterable[NodeRecord], edges: Iterable[bytes]) -> Iterator[bytes]:
    """GraphML bytes around ``edges``, the <edge> elements already rendered (a piece each,
    e.g. per chunk of events); nodes and edges are read only after the prolog is out."""
    yield PROLOG.encode("utf-8")
    out = Chunker()
    yield from out.feed("".join(_node(n) for n in sorted_nodes(nodes)))
    for block in edges:
        yield from out.feed(block)
    yield from out.feed(FOOTER)
    yield from out.flush()
