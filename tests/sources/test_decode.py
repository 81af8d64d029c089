"""Charset choice for fetched pages: BOM, header, meta, UTF-8, guess."""

from __future__ import annotations

import pytest

from graphsvc.sources.decode import choose_charset, codec_for, decode_page

RUSSIAN = (
    "Министр иностранных дел России в понедельник встретился с послом Китая в Москве. "
    "Стороны обсудили торговлю, энергетику и положение на границе, сообщило министерство."
)
FRENCH = "Le président français a «condamné» l’attaque — « inacceptable », a-t-il déclaré à Genève."


def _html(text: str, meta: str = "") -> str:
    return f"<html><head>{meta}<title>t</title></head><body><p>{text}</p></body></html>"


def test_header_charset_wins_over_meta():
    body = _html(RUSSIAN, '<meta charset="utf-8">').encode("windows-1251")
    assert decode_page(body, "windows-1251", "text/html") == _html(
        RUSSIAN, '<meta charset="utf-8">'
    )


@pytest.mark.parametrize(
    "meta",
    [
        '<meta charset="windows-1251">',
        "<meta charset=Windows-1251>",
        '<meta http-equiv="Content-Type" content="text/html; charset=windows-1251">',
    ],
)
def test_windows_1251_declared_only_in_meta(meta):
    body = _html(RUSSIAN, meta).encode("windows-1251")
    assert RUSSIAN in decode_page(body, None, "text/html")


def test_iso_8859_1_in_meta_reads_as_windows_1252():
    # Pages labelled ISO-8859-1 use 0x80-0x9F for curly quotes and dashes (as browsers read).
    text = "Paris a \u201cdénoncé\u201d l\u2019accord \u2014 déclaré à Genève."
    body = _html(text, '<meta charset="ISO-8859-1">').encode("cp1252")
    assert text in decode_page(body, None, "text/html")


def test_xml_declaration_is_read():
    body = f'<?xml version="1.0" encoding="windows-1251"?><html><p>{RUSSIAN}</p></html>'
    assert RUSSIAN in decode_page(body.encode("windows-1251"), None, "application/xhtml+xml")


def test_undeclared_utf8_is_utf8():
    assert decode_page(_html(FRENCH).encode(), None, "text/html") == _html(FRENCH)


def test_undeclared_windows_1251_is_guessed():
    body = _html(RUSSIAN * 3).encode("windows-1251")
    assert RUSSIAN in decode_page(body, None, "text/html")


def test_byte_order_mark_wins_and_is_dropped():
    body = "\ufeff".encode("utf-16-le") + _html(FRENCH).encode("utf-16-le")
    assert decode_page(body, "iso-8859-1", "text/html") == _html(FRENCH)
    assert decode_page(b"\xef\xbb\xbf" + FRENCH.encode(), None, "text/plain") == FRENCH


@pytest.mark.parametrize("label", ["base64", "zlib", "rot13", "utf-7", "idna", "no-such-charset"])
def test_labels_that_are_no_document_charset_are_ignored(label):
    assert codec_for(label) is None
    assert choose_charset(FRENCH.encode(), label, "text/plain") == "utf-8"


def test_meta_declaring_utf16_in_ascii_bytes_means_utf8():
    body = _html(FRENCH, '<meta charset="utf-16">').encode()
    assert decode_page(body, None, "text/html") == _html(FRENCH, '<meta charset="utf-16">')


def test_a_bad_byte_becomes_a_replacement_character():
    assert decode_page(b"Talks \xff ended", "utf-8", "text/plain") == "Talks \ufffd ended"


def test_meta_is_not_read_in_plain_text():
    body = ('<meta charset="windows-1251"> ' + FRENCH).encode()
    assert FRENCH in decode_page(body, None, "text/plain")
