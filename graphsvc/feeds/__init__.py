"""Feeds followed continuously: RSS/Atom/RDF feeds polled on their interval, their new
entries fetched and ingested like any other article.

Modules: ``records`` (the domain records, also used by the store), ``urls`` (which URLs can
be feeds), ``parse`` (feedparser -> entries), ``text`` (HTML fragments -> plain text),
``pacing`` (per-host politeness delay), ``poller`` (one poll of one feed), ``scheduler``
(the loop ``serve`` and ``graphsvc follow`` run), ``registry`` (add/list/remove).
Kept light: importing the package imports none of them.
"""
