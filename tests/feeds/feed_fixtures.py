"""Fixture feeds and article pages for the feed tests, written for these tests in wire-story
style. Feeds are built per test because their links carry the local server's port."""

from __future__ import annotations

from dataclasses import dataclass
from html import escape


@dataclass(frozen=True)
class Story:
    slug: str
    title: str
    published: str  # RFC 822 for RSS; Atom takes the ISO form below
    iso: str
    paragraphs: tuple[str, ...]

    @property
    def text(self) -> str:
        return "\n\n".join(self.paragraphs)


RSS_STORIES = (
    Story(
        "turkey-greece-talks",
        "Turkey and Greece agree to resume talks on maritime borders",
        "Tue, 02 Mar 2021 09:30:00 GMT",
        "2021-03-02T09:30:00Z",
        (
            "Turkey and Greece agreed on Tuesday to resume exploratory talks on their "
            "maritime borders in the Aegean, the two foreign ministries said.",
            "The talks broke off in 2016. Officials said the first round would be held in "
            "Athens later this month.",
        ),
    ),
    Story(
        "france-condemns-iran",
        "France condemns Iran over enrichment plans",
        "Mon, 01 Mar 2021 15:10:00 GMT",
        "2021-03-01T15:10:00Z",
        (
            "France condemned Iran on Monday over its plans to enrich uranium to higher "
            "levels, calling the step a clear breach of its commitments.",
            "Diplomats in Paris said the matter would be raised at the next board meeting.",
        ),
    ),
)

ATOM_STORIES = (
    Story(
        "japan-korea-agreement",
        "Japan and South Korea sign fisheries agreement",
        "Wed, 03 Mar 2021 06:00:00 GMT",
        "2021-03-03T06:00:00Z",
        (
            "Japan and South Korea signed an agreement on fisheries in Tokyo on Wednesday, "
            "ending two years of disputes over catch limits.",
            "The agreement takes effect in April, officials said.",
        ),
    ),
    Story(
        "germany-criticises-russia",
        "Germany criticises Russia over troop build-up",
        "Thu, 04 Mar 2021 11:45:00 GMT",
        "2021-03-04T11:45:00Z",
        (
            "Germany criticised Russia on Thursday over the build-up of troops near the "
            "border, the foreign ministry in Berlin said.",
            "A spokesman said Berlin was in close contact with its partners.",
        ),
    ),
)

# Written in Latin-1 with accented names: the feed and its page in another encoding.
LATIN1_STORY = Story(
    "geneve-talks",
    "Talks in Genève: Switzerland hosts Armenia and Azerbaijan",
    "Fri, 05 Mar 2021 08:00:00 GMT",
    "2021-03-05T08:00:00Z",
    (
        "Armenia and Azerbaijan held talks in Genève on Friday under Swiss mediation, "
        "the foreign ministry in Bern said, calling the meeting a step forward.",
        "Delegations from Yerevan and Baku will meet again in Zürich next month.",
    ),
)


def article_page(story: Story, *, charset: str = "utf-8") -> bytes:
    """An article page as a news site serves it: navigation, the article, a footer."""
    paragraphs = "\n".join(f"<p>{escape(p)}</p>" for p in story.paragraphs)
    html = f"""<!doctype html>
<html><head><meta charset="{charset}"><title>{escape(story.title)}</title></head>
<body>
<nav><a href="/">Home</a> <a href="/world">World</a></nav>
<article>
<h1>{escape(story.title)}</h1>
{paragraphs}
</article>
<footer>Copyright the test wire</footer>
</body></html>"""
    return html.encode(charset)


def rss(title: str, base: str, stories: tuple[Story, ...], *, summary_chars: int = 60) -> bytes:
    """RSS 2.0, newest first, each item linking to ``base/slug`` with a short teaser."""
    items = "\n".join(
        f"""<item>
  <title>{escape(s.title)}</title>
  <link>{base}/{s.slug}</link>
  <guid isPermaLink="false">wire-{s.slug}</guid>
  <pubDate>{s.published}</pubDate>
  <description>{escape(s.text[:summary_chars])}</description>
</item>"""
        for s in stories
    )
    return f"""<?xml version="1.0" encoding="utf-8"?>
<rss version="2.0"><channel>
<title>{escape(title)}</title><link>{base}/</link><description>Test wire</description>
{items}
</channel></rss>""".encode()


def atom(title: str, base: str, stories: tuple[Story, ...]) -> bytes:
    """Atom 1.0 with relative links (resolved against xml:base) and no summaries."""
    entries = "\n".join(
        f"""<entry>
  <title>{escape(s.title)}</title>
  <link rel="alternate" href="{s.slug}"/>
  <id>urn:test:{s.slug}</id>
  <updated>{s.iso}</updated>
</entry>"""
        for s in stories
    )
    return f"""<?xml version="1.0" encoding="utf-8"?>
<feed xmlns="http://www.w3.org/2005/Atom" xml:base="{base}/">
<title>{escape(title)}</title><id>urn:test:{escape(title)}</id><updated>2021-03-04T12:00:00Z</updated>
{entries}
</feed>""".encode()


def rss_latin1(base: str, story: Story) -> bytes:
    body = f"""<?xml version="1.0" encoding="iso-8859-1"?>
<rss version="2.0"><channel>
<title>Dépêches de Genève</title><link>{base}/</link><description>Test</description>
<item><title>{escape(story.title)}</title><link>{base}/{story.slug}</link>
<guid>{base}/{story.slug}</guid><pubDate>{story.published}</pubDate></item>
</channel></rss>"""
    return body.encode("iso-8859-1")


def rss_with_full_text(title: str, stories: tuple[Story, ...], links: list[str]) -> bytes:
    """Items carrying the whole story in content:encoded, linking to ``links``."""
    items = "\n".join(
        f"""<item><title>{escape(s.title)}</title><link>{link}</link>
<guid isPermaLink="false">full-{s.slug}</guid><pubDate>{s.published}</pubDate>
<description>{escape(s.paragraphs[0][:50])}</description>
<content:encoded><![CDATA[{_paragraphs(s)}]]></content:encoded>
</item>"""
        for s, link in zip(stories, links, strict=True)
    )
    return f"""<?xml version="1.0" encoding="utf-8"?>
<rss version="2.0" xmlns:content="http://purl.org/rss/1.0/modules/content/"><channel>
<title>{escape(title)}</title><link>http://example.invalid/</link><description>x</description>
{items}
</channel></rss>""".encode()


# Not well-formed at all: the document stops inside the first item's title.
MALFORMED_FEED = b"""<?xml version="1.0"?><rss version="2.0"><channel><title>Broken</title>
<item><title>Half a title <b"""

RDF_FEED = b"""<?xml version="1.0"?>
<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#" xmlns="http://purl.org/rss/1.0/">
<channel rdf:about="http://example.org/"><title>RDF wire</title><link>http://example.org/</link>
<description>x</description></channel>
<item rdf:about="http://example.org/one"><title>One</title><link>http://example.org/one</link>
<description>First item</description></item>
</rdf:RDF>"""


def rss_partly_broken(base: str, story: Story) -> bytes:
    """One whole item, then one whose markup is broken: the first can still be read."""
    return f"""<?xml version="1.0" encoding="utf-8"?>
<rss version="2.0"><channel><title>Half Wire</title><link>{base}/</link>
<item><title>{escape(story.title)}</title><link>{base}/{story.slug}</link>
<guid isPermaLink="false">half-{story.slug}</guid></item>
<item><title>Second & broken <i>item</title></item>
</channel></rss>""".encode()


def _paragraphs(story: Story) -> str:
    return "".join(f"<p>{escape(p)}</p>" for p in story.paragraphs)
