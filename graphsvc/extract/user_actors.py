"""User-supplied actors and aliases: a YAML or CSV file named by ``GRAPHSVC_EXTRA_ACTORS``.

The file extends the built-in gazetteer without code. The format is chosen by the suffix
(``.yaml``/``.yml`` or ``.csv``); the file must be UTF-8.

YAML — a list of entries (or a mapping with the list under ``actors``)::

    - code: XKX                 # ISO-style 3-letter code of a state
      label: Kosovo             # optional display label (default: the first name)
      kind: state               # state | igo | person | group
      names: [Kosovo, Pristina, Kosovar, Kosovars]
    - code: CARICOM             # organisations: 2-7 letters/digits
      kind: igo
      names: [Caribbean Community, CARICOM]
    - kind: person
      names: [Albin Kurti, Kurti]
      roles:                    # the person stands for `country` while the role is active
        - {country: XKX, sector: GOV, office: prime minister, start: 2021-03-22}
        - {country: XKX, sector: GOV, office: prime minister, start: 2020-02-03,
           end: 2020-06-03}
    - kind: person              # shorthand: `code` (+ `sector`) is one undated role
      code: XKX
      sector: OPP
      names: [Vjosa Osmani]

Keys: ``code`` (required except for persons with ``roles``), ``label``, ``kind`` (required),
``names`` (required, a list or one string), ``sector`` (a 3-letter sector code such as GOV,
MIL, OPP, REB), ``roles`` (persons only: ``country`` required, ``sector`` default GOV,
``office``, ``start``/``end`` as YYYY-MM-DD, inclusive, either may be left open). ``state`` is
stored as AliasEntry kind ``country``; the AliasEntry kinds ``country``, ``seat`` and
``demonym`` are accepted as well (a seat or demonym resolves to its ``code``). Unknown keys
are errors, so a typo does not silently drop data. Roles are kept in file order; a resolver
takes the first role active on the story date.

CSV — a header row with the columns ``name,code,kind,sector,start,end`` (``label`` and
``office`` optional), one alias per row::

    name,code,kind,sector,start,end
    Kosovo,XKX,state,,,
    Pristina,XKX,state,,,
    Albin Kurti,XKX,person,GOV,2021-03-22,
    Kurti,XKX,person,GOV,2021-03-22,

Rows with the same code, kind and sector form one entry (their names are aliases). For
persons ``code`` is the country and sector/start/end make a Role; rows with the same name add
roles to that person, and persons with identical role lists are merged into one entry.
``start``/``end`` are only allowed on person rows.

Any error raises ``InputFileError(path, line, message)`` with the line of the offending entry.
"""

from __future__ import annotations

import csv
import io
import re
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

import yaml

from graphsvc.errors import InputFileError
from graphsvc.models import Actor, AliasEntry, Role

KINDS = {
    "state": "country",
    "country": "country",
    "igo": "igo",
    "person": "person",
    "group": "group",
    "seat": "seat",
    "demonym": "demonym",
}
_STATE_CODE = re.compile(r"[A-Z]{3}")
_ORG_CODE = re.compile(r"[A-Z][A-Z0-9]{1,6}")
_SECTOR = re.compile(r"[A-Z]{3}")
_ENTRY_KEYS = {"code", "label", "kind", "names", "sector", "roles"}
_ROLE_KEYS = {"country", "sector", "office", "start", "end"}
_CSV_REQUIRED = ("name", "code", "kind", "sector", "start", "end")
_CSV_OPTIONAL = ("label", "office")
_LINE = "__line__"


@dataclass(slots=True)
class UserActors:
    """Parsed user file: alias entries plus the display labels given for codes."""

    entries: list[AliasEntry] = field(default_factory=list)
    labels: dict[str, str] = field(default_factory=dict)

    def actors(self) -> list[Actor]:
        """Graph nodes (states and IGOs) the file defines, with their labels and aliases."""
        nodes: dict[str, Actor] = {}
        for entry in self.entries:
            if entry.kind not in ("country", "igo") or entry.code is None:
                continue
            kind = "state" if entry.kind == "country" else "igo"
            old = nodes.get(entry.code)
            aliases = (*old.aliases, *entry.names) if old else entry.names
            label = self.labels.get(entry.code) or aliases[0]
            nodes[entry.code] = Actor(entry.code, label, kind, tuple(dict.fromkeys(aliases)))
        return list(nodes.values())


class _Invalid(ValueError):
    """A problem inside one entry; turned into InputFileError with the entry's line."""


def load_user_actors(path: Path) -> list[AliasEntry]:
    """The alias entries of a user actor file (YAML or CSV, by suffix)."""
    return parse_user_actors(path).entries


def parse_user_actors(path: Path) -> UserActors:
    """Entries and labels of a user actor file; InputFileError on any problem."""
    path = Path(path)
    suffix = path.suffix.lower()
    if suffix not in (".yaml", ".yml", ".csv"):
        raise InputFileError(str(path), None, "unsupported actor file type (use .yaml or .csv)")
    text = _read_text(path)
    return _parse_yaml(path, text) if suffix in (".yaml", ".yml") else _parse_csv(path, text)


def _read_text(path: Path) -> str:
    try:
        raw = path.read_bytes()
    except OSError as exc:
        raise InputFileError(str(path), None, exc.strerror or str(exc)) from None
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        raise InputFileError(str(path), line, "not valid UTF-8") from None


# --- field checks --------------------------------------------------------------------------


def _kind(value: Any) -> str:
    if not isinstance(value, str) or value.strip().lower() not in KINDS:
        raise _Invalid(f"kind must be one of {', '.join(sorted(set(KINDS)))}, got {value!r}")
    return KINDS[value.strip().lower()]


def _code(value: Any, kind: str, what: str = "code") -> str:
    if not isinstance(value, str) or not value.strip():
        raise _Invalid(f"{what} is required for kind {kind!r}")
    code = value.strip().upper()
    pattern = _STATE_CODE if kind in ("country", "seat", "demonym") else _ORG_CODE
    if not pattern.fullmatch(code):
        expected = "3 letters" if pattern is _STATE_CODE else "2-7 letters or digits"
        raise _Invalid(f"{what} {value!r} is not a valid {kind} code ({expected})")
    return code


def _role_country(value: Any) -> str:
    if not isinstance(value, str) or not _ORG_CODE.fullmatch(value.strip().upper()):
        raise _Invalid(f"role country {value!r} is not a valid actor code")
    return value.strip().upper()


def _sector(value: Any) -> str | None:
    if value is None or (isinstance(value, str) and not value.strip()):
        return None
    if not isinstance(value, str) or not _SECTOR.fullmatch(value.strip().upper()):
        raise _Invalid(f"sector {value!r} must be a 3-letter code such as GOV or MIL")
    return value.strip().upper()


def _day(value: Any, what: str) -> date | None:
    if value is None or (isinstance(value, str) and not value.strip()):
        return None
    if isinstance(value, date):
        return value
    if isinstance(value, str):
        try:
            return date.fromisoformat(value.strip())
        except ValueError:
            pass
    raise _Invalid(f"{what} {value!r} is not a date (YYYY-MM-DD)")


def _names(value: Any) -> tuple[str, ...]:
    items = [value] if isinstance(value, str) else value
    if not isinstance(items, list) or not items:
        raise _Invalid("names must be a non-empty list of strings")
    names: list[str] = []
    for item in items:
        if not isinstance(item, str) or not item.strip():
            raise _Invalid(f"name {item!r} is not a non-empty string")
        names.append(" ".join(item.split()))
    return tuple(dict.fromkeys(names))


def _role(country: Any, sector: Any, office: Any, start: Any, end: Any) -> Role:
    first, last = _day(start, "start"), _day(end, "end")
    if first and last and first > last:
        raise _Invalid(f"role starts ({first}) after it ends ({last})")
    if office is not None and not isinstance(office, str):
        raise _Invalid(f"office {office!r} is not a string")
    return Role(
        country=_role_country(country),
        sector=_sector(sector) or "GOV",
        office=(office.strip() or None) if isinstance(office, str) else None,
        start=first,
        end=last,
    )


# --- YAML ----------------------------------------------------------------------------------


class _LineLoader(yaml.SafeLoader):
    """SafeLoader that records the source line of every mapping (for error messages)."""

    def construct_mapping(self, node: yaml.MappingNode, deep: bool = False) -> dict[Any, Any]:
        mapping = super().construct_mapping(node, deep=deep)
        mapping[_LINE] = node.start_mark.line + 1
        return mapping


# Dates stay strings (checked by _day with the entry's line) instead of PyYAML's timestamp
# constructor, which raises a bare ValueError on "2021-13-01".
_LineLoader.yaml_implicit_resolvers = {
    first: [(tag, rx) for tag, rx in resolvers if tag != "tag:yaml.org,2002:timestamp"]
    for first, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
}


def _parse_yaml(path: Path, text: str) -> UserActors:
    try:
        data = yaml.load(text, Loader=_LineLoader)  # a SafeLoader subclass: no arbitrary objects
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        line = mark.line + 1 if mark is not None else None
        raise InputFileError(str(path), line, f"invalid YAML: {exc}") from None
    if data is None:
        return UserActors()
    if isinstance(data, dict) and set(data) <= {"actors", _LINE}:
        data = data.get("actors") or []
    if not isinstance(data, list):
        raise InputFileError(str(path), 1, "expected a list of actor entries")
    result = UserActors()
    for item in data:
        line = item.get(_LINE) if isinstance(item, dict) else None
        try:
            _yaml_entry(item, result)
        except _Invalid as exc:
            raise InputFileError(str(path), line, str(exc)) from None
    return result


def _yaml_entry(item: Any, result: UserActors) -> None:
    if not isinstance(item, dict):
        raise _Invalid(f"an actor entry must be a mapping, got {item!r}")
    unknown = set(item) - _ENTRY_KEYS - {_LINE}
    if unknown:
        raise _Invalid(f"unknown key(s): {', '.join(sorted(map(str, unknown)))}")
    kind = _kind(item.get("kind"))
    names = _names(item.get("names"))
    sector = _sector(item.get("sector"))
    label = item.get("label")
    if label is not None and (not isinstance(label, str) or not label.strip()):
        raise _Invalid(f"label {label!r} is not a non-empty string")
    if kind != "person":
        if item.get("roles"):
            raise _Invalid("only persons have roles")
        code = _code(item.get("code"), kind)
        result.entries.append(AliasEntry(names=names, kind=kind, code=code, sector=sector))
        if label:
            result.labels[code] = label.strip()
        return
    roles = item.get("roles")
    if roles is None:
        # Shorthand: a person with one undated role in `code`.
        role = _role(item.get("code"), sector, None, None, None) if item.get("code") else None
        if role is None:
            raise _Invalid("a person needs roles or a code (the country it stands for)")
        parsed = (role,)
    else:
        if not isinstance(roles, list) or not roles:
            raise _Invalid("roles must be a non-empty list")
        parsed = tuple(_yaml_role(r, sector) for r in roles)
    result.entries.append(AliasEntry(names=names, kind="person", sector=sector, roles=parsed))


def _yaml_role(raw: Any, default_sector: str | None) -> Role:
    if not isinstance(raw, dict):
        raise _Invalid(f"a role must be a mapping, got {raw!r}")
    unknown = set(raw) - _ROLE_KEYS - {_LINE}
    if unknown:
        raise _Invalid(f"unknown role key(s): {', '.join(sorted(map(str, unknown)))}")
    if not raw.get("country"):
        raise _Invalid("a role needs a country")
    return _role(
        raw.get("country"),
        raw.get("sector") or default_sector,
        raw.get("office"),
        raw.get("start"),
        raw.get("end"),
    )


# --- CSV -----------------------------------------------------------------------------------


def _parse_csv(path: Path, text: str) -> UserActors:
    reader = csv.reader(io.StringIO(text, newline=""))
    try:
        header = next(reader, None)
    except csv.Error as exc:
        raise InputFileError(str(path), 1, f"invalid CSV: {exc}") from None
    if header is None:
        return UserActors()
    columns = [h.strip().lower() for h in header]
    missing = [c for c in _CSV_REQUIRED if c not in columns]
    unknown = [c for c in columns if c not in _CSV_REQUIRED + _CSV_OPTIONAL]
    if missing or unknown:
        detail = f"missing column(s): {', '.join(missing)}" if missing else ""
        if unknown:
            detail = "; ".join(filter(None, [detail, f"unknown column(s): {', '.join(unknown)}"]))
        raise InputFileError(str(path), 1, detail)

    groups: dict[tuple[str, str, str | None], list[str]] = {}
    persons: dict[str, tuple[str, list[Role]]] = {}
    result = UserActors()
    try:
        for row in reader:
            line = reader.line_num
            if not any(cell.strip() for cell in row):
                continue
            if len(row) != len(columns):
                raise InputFileError(
                    str(path), line, f"expected {len(columns)} fields, got {len(row)}"
                )
            rec = dict(zip(columns, row, strict=True))
            try:
                _csv_row(rec, groups, persons, result)
            except _Invalid as exc:
                raise InputFileError(str(path), line, str(exc)) from None
    except csv.Error as exc:
        raise InputFileError(str(path), reader.line_num, f"invalid CSV: {exc}") from None

    for (code, kind, sector), names in groups.items():
        result.entries.append(AliasEntry(tuple(dict.fromkeys(names)), kind, code, sector))
    # Aliases of one person share the same roles: merge them back into one entry.
    by_roles: dict[tuple[Role, ...], list[str]] = {}
    for name, roles in persons.values():
        by_roles.setdefault(tuple(roles), []).append(name)
    for roles, names in by_roles.items():
        result.entries.append(AliasEntry(tuple(names), "person", None, roles[0].sector, roles))
    return result


def _csv_row(
    rec: dict[str, str],
    groups: dict[tuple[str, str, str | None], list[str]],
    persons: dict[str, tuple[str, list[Role]]],
    result: UserActors,
) -> None:
    name = " ".join(rec["name"].split())
    if not name:
        raise _Invalid("name is empty")
    kind = _kind(rec["kind"])
    sector = _sector(rec["sector"])
    if kind == "person":
        role = _role(rec["code"], sector, rec.get("office") or None, rec["start"], rec["end"])
        _, roles = persons.setdefault(name.casefold(), (name, []))
        if role not in roles:
            roles.append(role)
        return
    if rec["start"].strip() or rec["end"].strip():
        raise _Invalid("start/end only apply to persons")
    code = _code(rec["code"], kind)
    groups.setdefault((code, kind, sector), []).append(name)
    label = (rec.get("label") or "").strip()
    if label:
        result.labels[code] = label
