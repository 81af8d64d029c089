"""Existing event datasets imported into the store: GDELT 1.0 and 2.0, ICEWS, POLECAT, ACLED.

One module per format reads a file's rows into ``records.Imported`` events (or mentions, or
rows skipped with a reason); ``runner`` streams them into the store in batches, one
transaction each, through ``Store.add_imported`` (store/imported.py); ``command`` is
``graphsvc import``. Codebooks and mapping decisions are cited in each module and in the
README's "Importing event datasets" section.
"""
