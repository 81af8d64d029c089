"""Incremental writers for event-level exports: node records and chunks of event rows in,
bytes chunks of about 1 MB out, in constant memory whatever the number of events.

Each writer yields its header at once (so a client sees the first byte before any event
is read), then the nodes, then one edge/row per event in the order given. Edge ids are
event ids. The attribute names and types are those of ``graph.build.event_edge_attrs``, so
a streamed file reads back like the one written from the event multigraph.
"""

from graphsvc.render.streaming.csv import stream_csv, stream_csv_lines
from graphsvc.render.streaming.gexf import stream_gexf
from graphsvc.render.streaming.graphml import stream_graphml
from graphsvc.render.streaming.nodelink import stream_node_link

__all__ = ["stream_csv", "stream_csv_lines", "stream_gexf", "stream_graphml", "stream_node_link"]
