"""Score HTML article extractors on the hand-written news pages of tests/fixtures/html.

For each page, expected.json holds the article's paragraphs (``body``), pieces that may or
may not be kept without penalty (``optional``: byline, standfirst, caption), strings of
boilerplate that must not come through (comments, related links, ads, footer) and the
metadata. Per extractor the table shows, over all pages:

- word precision / recall / F1 of the extracted text against the body paragraphs (multisets
  of lower-cased words; the optional pieces and the title are removed from the output first),
- pages whose every body paragraph came through whole (``paras``),
- boilerplate strings that leaked (``leaks``),
- metadata right (title, date, author, canonical URL), for the extractors that give any.

    .venv/bin/python bench/html_extraction.py            # graphsvc's extractor (trafilatura)
    PYTHONPATH=/path/to/readability .venv/bin/python bench/html_extraction.py
        # also readability-lxml when it can be imported; jusText comes with trafilatura
"""

from __future__ import annotations

import json
import re
import sys
import time
from collections import Counter
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from graphsvc.sources.decode import decode_page  # noqa: E402
from graphsvc.sources.html_article import extract_article  # noqa: E402
from graphsvc.sources.normalise import normalise_text  # noqa: E402

FIXTURES = ROOT / "tests" / "fixtures" / "html"
WORD = re.compile(r"\w+")
XML_DECLARATION = re.compile(r"^\s*<\?xml[^>]*\?>")
Meta = dict[str, str | None]
Extractor = Callable[[str], tuple[str, Meta | None]]


def graphsvc_extractor(html: str) -> tuple[str, Meta | None]:
    article = extract_article(html)
    meta = {
        "title": article.title,
        "date": article.published.isoformat() if article.published else None,
        "author": article.author,
        "canonical_url": article.canonical_url,
    }
    return article.text, meta


def readability_extractor(html: str) -> tuple[str, Meta | None]:
    from lxml import html as lxml_html
    from readability import Document

    summary = Document(html).summary(html_partial=True)
    tree = lxml_html.fromstring(summary)
    blocks = [" ".join(el.text_content().split()) for el in tree.iter("p", "li", "h1", "h2")]
    return "\n".join(b for b in blocks if b), None


def justext_extractor(html: str, **options: int) -> tuple[str, Meta | None]:
    import justext

    paragraphs = justext.justext(html, justext.get_stoplist("English"), **options)
    return "\n".join(p.text for p in paragraphs if not p.is_boilerplate), None


def justext_short_extractor(html: str) -> tuple[str, Meta | None]:
    """jusText's defaults want 200-character paragraphs to call one good: wire copy's are
    shorter. This variant lowers the bar to 100."""
    return justext_extractor(html, length_low=50, length_high=100)


def whole_page_extractor(html: str) -> tuple[str, Meta | None]:
    """The baseline: every text node of <body> (what treating HTML as text would give)."""
    from lxml import html as lxml_html

    tree = lxml_html.document_fromstring(XML_DECLARATION.sub("", html))
    for bad in tree.xpath("//script|//style|//head"):
        bad.drop_tree()
    return " ".join(tree.text_content().split()), None


def _words(text: str) -> Counter[str]:
    return Counter(w.lower() for w in WORD.findall(text))


def score(extract: Extractor) -> dict[str, float]:
    expected = json.loads((FIXTURES / "expected.json").read_text(encoding="utf-8"))
    hit = extracted_total = gold_total = whole_pages = leaks = meta_right = meta_total = 0
    started = time.perf_counter()
    for name, want in expected.items():
        raw = (FIXTURES / name).read_bytes()
        html = decode_page(raw, None, "text/html")
        text, meta = extract(html)
        text = normalise_text(text)
        flat = " ".join(text.split())
        body = [normalise_text(p) for p in want["body"]]
        whole_pages += all(" ".join(p.split()) in flat for p in body)
        leaks += sum(b in flat for b in want["boilerplate"])
        for piece in [*want["optional"], want["title"]]:
            flat = flat.replace(" ".join(piece.split()), " ")
        got, gold = _words(flat), _words(" ".join(body))
        hit += sum((got & gold).values())
        extracted_total += sum(got.values())
        gold_total += sum(gold.values())
        if meta is not None:
            for key in ("title", "date", "author", "canonical_url"):
                meta_total += 1
                meta_right += meta.get(key) == want[key]
    seconds = time.perf_counter() - started
    precision = hit / extracted_total if extracted_total else 0.0
    recall = hit / gold_total if gold_total else 0.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return {
        "pages": len(expected),
        "precision": precision,
        "recall": recall,
        "f1": f1,
        "paras": whole_pages,
        "leaks": leaks,
        "leak_total": sum(len(w["boilerplate"]) for w in expected.values()),
        "meta": f"{meta_right}/{meta_total}" if meta_total else "-",
        "ms_per_page": 1000 * seconds / len(expected),
    }


def main() -> None:
    extractors: dict[str, Extractor] = {
        "trafilatura (graphsvc)": graphsvc_extractor,
        "jusText": justext_extractor,
        "jusText (short paras)": justext_short_extractor,
        "whole <body> text": whole_page_extractor,
    }
    try:
        import readability  # noqa: F401

        extractors["readability-lxml"] = readability_extractor
    except ImportError:
        print("(readability-lxml not importable: left out)")
    extract_article("<p>warm-up</p>")  # imports, so the first page's time is the page's
    header = f"{'extractor':24} {'P':>6} {'R':>6} {'F1':>6} {'paras':>6} {'leaks':>7} "
    print(header + f"{'meta':>6} {'ms/page':>8}")
    for label, extract in extractors.items():
        s = score(extract)
        print(
            f"{label:24} {s['precision']:6.3f} {s['recall']:6.3f} {s['f1']:6.3f} "
            f"{s['paras']:>3}/{s['pages']:<2} {s['leaks']:>3}/{s['leak_total']:<3} "
            f"{s['meta']:>6} {s['ms_per_page']:8.1f}"
        )


if __name__ == "__main__":
    main()
