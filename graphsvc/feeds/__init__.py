"""Feeds followed continuously: RSS/Atom/RDF feeds polled on their interval, their new
entries fetched and ingested like any other article.

Modules: ``urls`` (which URLs can be feeds), ``parse`` (feedparser -> entries), ``text``
(HTML fragments -> plain text), ``pacing`` (per-host politeness delay), ``poller`` (one
poll of one feed), ``pages`` (an entry's page -> its article), ``scheduler`` (the loop
``serve`` and ``graphsvc follow`` run), ``wiring`` (a scheduler on a service),
``registry`` (add/list/remove), ``command`` (the CLI). The domain records are in
``graphsvc.feed_records``, below the store, which keeps feeds in ``store/feeds.py``.
Kept light: importing the package imports none of them.
"""
