"""Events, not reports: deciding when event rows from different articles describe the same
real-world event (``rules``), and measuring such decisions (``gold`` maps stored rows onto
annotated events, ``score`` gives pairwise and B-cubed precision/recall).

Pure logic (no database, no spaCy): the store (``graphsvc/store/linker.py``) finds the
candidates by index and applies the links in the ingest transaction.
"""
