"""Controls of the graph page's header and filter form that are more than a plain input:
the CAMEO picker (roots and codes by label, grouped) and the actor search box.

Plain HTML with escaped text: multiple selects submit ``root=04&root=19`` and ``code=041``
like the inputs they replace, so the filter's query string does not change.
"""

from __future__ import annotations

from collections.abc import Iterable
from html import escape

from graphsvc.extract.ontology import QUAD_CLASS_LABELS, CameoCode, load_ontology

PICKER_ROWS = 6  # visible rows of each select


def _e(value: object) -> str:
    return escape(str(value), quote=True)


def _option(value: str, text: str, selected: bool) -> str:
    mark = " selected" if selected else ""
    return f'<option value="{_e(value)}"{mark}>{_e(text)}</option>'


def _group(label: str, options: list[str]) -> str:
    return f'<optgroup label="{_e(label)}">{"".join(options)}</optgroup>' if options else ""


def _others(chosen: Iterable[str], known: set[str]) -> str:
    """Chosen values the table lacks stay selected, so submitting again keeps them."""
    extra = [_option(v, v, True) for v in sorted(set(chosen) - known)]
    return _group("Other", extra)


def cameo_picker(
    roots: Iterable[str] = (),
    codes: Iterable[str] = (),
    *,
    table: list[CameoCode] | None = None,
) -> str:
    """Two multiple selects: roots grouped by quad class ("04 Consult" under Verbal
    cooperation) and, optionally narrower, codes grouped by their root."""
    entries = load_ontology().all() if table is None else table
    roots, codes = set(roots), set(codes)
    root_entries = [c for c in entries if c.level == "root"]
    by_quad = [
        _group(
            f"{quad}. {label}",
            [
                _option(r.code, f"{r.code} {r.label}", r.code in roots)
                for r in root_entries
                if r.quad_class == quad
            ],
        )
        for quad, label in QUAD_CLASS_LABELS.items()
    ]
    by_root = [
        _group(
            f"{r.code} {r.label}",
            [
                _option(c.code, f"{c.code} {c.label}", c.code in codes)
                for c in entries
                if c.level != "root" and c.root == r.code
            ],
        )
        for r in root_entries
    ]
    root_codes = {r.code for r in root_entries}
    code_codes = {c.code for c in entries if c.level != "root"}
    chosen = len(roots) + len(codes)
    summary = f"Event types ({chosen} chosen)" if chosen else "Event types: all"
    # Folded until used, so the graph keeps its room; open while something is chosen.
    return (
        f'<details class="picker"{" open" if chosen else ""}><summary>{summary}</summary>'
        '<div class="picker-lists"><label>CAMEO roots (Ctrl/⌘-click for several)'
        f'<select name="root" multiple size="{PICKER_ROWS}">{"".join(by_quad)}'
        f"{_others(roots, root_codes)}</select></label>"
        "<label>Narrower codes (optional)"
        f'<select name="code" multiple size="{PICKER_ROWS}">{"".join(by_root)}'
        f"{_others(codes, code_codes)}</select></label></div></details>"
    )
