"""Three outlets' write-ups of one phone call (one filed a day late), and near-misses."""

from __future__ import annotations

CALL = [
    {
        "id": "call-northwire",
        "source": "Northwire",
        "published": "2023-06-06",
        "title": "Scholz and Macron speak by phone",
        "text": "BERLIN, June 6 (Northwire) - German Chancellor Olaf Scholz spoke by telephone "
        "with French President Emmanuel Macron on Tuesday about European energy prices, a "
        "government spokesman said.",
    },
    {
        "id": "call-harbourpost",
        "source": "Harbour Post",
        "published": "2023-06-06",
        "title": "Macron, Scholz discuss energy",
        "text": "PARIS, June 6 (Harbour Post) - Macron and Scholz discussed energy prices in "
        "Europe in a phone call on Tuesday, the Elysee said.",
    },
    {
        "id": "call-ledger",
        "source": "Daily Ledger",
        "published": "2023-06-07",
        "title": "Leaders held call on energy",
        "text": "BERLIN, June 7 (Daily Ledger) - Olaf Scholz phoned Emmanuel Macron on Tuesday "
        "to discuss European energy prices, German officials said on Wednesday.",
    },
]

# The same two leaders a week later: another call, never a report of the first.
LATER_CALL = {
    "id": "call-later",
    "source": "Northwire",
    "published": "2023-06-13",
    "title": "Scholz and Macron speak again",
    "text": "BERLIN, June 13 (Northwire) - German Chancellor Olaf Scholz spoke by telephone "
    "with French President Emmanuel Macron on Tuesday about a summit in Brussels, a "
    "government spokesman said.",
}
