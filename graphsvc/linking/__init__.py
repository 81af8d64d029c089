"""Events, not reports: deciding when event rows from different articles describe the same
real-world event (``rules``), and scoring such decisions against gold (``score``).

Pure logic (no database, no spaCy): the store (``graphsvc/store/linker.py``) finds the
candidates by index and applies the links in the ingest transaction.
"""
