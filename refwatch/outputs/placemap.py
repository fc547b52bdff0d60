"""Incidents by place, on a map of the China–North Korea border region and of the escape routes,
drawn as SVG on the server (no script: the pages' CSP stays strict; no tile server: the boundaries
are Natural Earth's, shipped in data/borders.geojson).

Each place a shown incident names is a circle whose area grows with the people its incidents
returned, linking to those incidents. The number is a range, as on the overview: the sum of the
lowest counts the sources give for its single events to the sum of the highest; a total over a
period is never added to the events inside it, only counted apart. What the reader may not see is
neither drawn nor counted: the incidents come through a Reader and their places through
`Reader.places_of`.
"""

from __future__ import annotations

import json
import math
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Any

from django.db.models import QuerySet
from django.utils.html import format_html, format_html_join
from django.utils.safestring import SafeString

from refwatch.extract.gazetteer import PLACES, Place
from refwatch.knowledge.models import Figure, Incident
from refwatch.knowledge.queries import Reader
from refwatch.knowledge.ranges import CountRange
from refwatch.protection.names import redact

BORDERS = Path(__file__).resolve().parent / "data" / "borders.geojson"

KIND_LABELS = {
    "province": "province",
    "prefecture": "prefecture",
    "city": "city",
    "crossing": "border crossing",
    "detention": "detention site",
    "river": "border river",
    "country": "country on the escape routes",
}
FILLS = {
    "China": "#f7f1e3",
    "North Korea": "#e8eef7",
    "South Korea": "#eef5ec",
    "Russia": "#eeeeee",
    "Mongolia": "#f1ede6",
}
ROUTE_FILL = "#f3efe9"
SEA = "#dceaf5"
MARK = "#b7410e"
FIGURE_MARK = "#2b6cb0"


@dataclass
class PlaceTotal:
    """What the shown incidents say of one place."""

    place: Place
    incidents: int = 0
    low: int = 0  # sum of the lowest counts of its single events
    high: int = 0  # sum of the highest
    totals: int = 0  # totals over a period that name it (drawn, never added)
    uncounted: int = 0  # incidents with no count
    conflicts: int = 0  # incidents whose sources disagree on the count
    ids: list[int] = field(default_factory=list)

    @property
    def text(self) -> str:
        if not self.high:
            return "no count given"
        return f"{self.low:,}" if self.low == self.high else f"{self.low:,}–{self.high:,}"

    @property
    def label(self) -> str:
        n = self.incidents
        bits = [f"{self.place.name}: {n} incident{'s' if n != 1 else ''}"]
        if self.high:
            bits.append(f"{self.text} returned")
        if self.totals:
            bits.append(f"{self.totals} total{'s' if self.totals != 1 else ''} over a period")
        if self.conflicts:
            bits.append(f"{self.conflicts} where sources disagree")
        return ", ".join(bits)


@dataclass
class FigurePlace:
    """The figures (people detained, at risk, children born) whose statements name one place.

    Their numbers count different things (detained, born, at risk), so they are listed, never
    added: the square is not sized by them."""

    place: Place
    figures: list[tuple[int, str]] = field(default_factory=list)  # (id, "2,000 North Koreans")

    @property
    def label(self) -> str:
        n = len(self.figures)
        shown = "; ".join(text for _, text in self.figures[:3]) + ("; …" if n > 3 else "")
        return f"{self.place.name}: {n} figure{'s' if n != 1 else ''} ({shown})"


@dataclass
class PlaceMap:
    places: list[PlaceTotal]  # most people first
    incidents: int  # shown incidents
    unplaced: int  # shown incidents that name no place this reader may see
    figures: list[FigurePlace] = field(default_factory=list)  # most figures first

    @property
    def biggest(self) -> int:
        return max((p.high for p in self.places), default=0)

    @property
    def placed_figures(self) -> int:
        """The figures drawn: those naming a place this reader may see (one at two places once)."""
        return len({pk for f in self.figures for pk, _ in f.figures})


def figure_places(reader: Reader, figures: Iterable[Figure]) -> list[FigurePlace]:
    """The places of `figures` (read through `reader`: what it may not see is not drawn), each
    with its figures, the place with most figures first. A queryset is read as the columns a map
    needs, never as figures with their statements."""
    if isinstance(figures, QuerySet):
        rows: Iterable[tuple[int, Any, int, str]] = (
            figures.prefetch_related(None)
            .values_list("pk", "places", "quantity", "unit")
            .iterator(chunk_size=2000)
        )
    else:
        rows = ((f.pk, f.places, f.quantity, f.unit) for f in figures)
    out: dict[str, FigurePlace] = {}
    # Each unit redacted once: figures of a record repeat a few hundred units thousands of times
    # (redaction reads the same text to the same reader the same way within a page).
    units: dict[str, str] = {}
    for pk, named, quantity, unit in rows:
        for name in reader.shown_places(named):
            if name in PLACES:
                if unit not in units:
                    units[unit] = _shown_unit(reader, unit)
                out.setdefault(name, FigurePlace(PLACES[name])).figures.append(
                    (pk, f"{quantity:,} {units[unit]}".strip())
                )
    return sorted(out.values(), key=lambda f: (-len(f.figures), f.place.name))


def _shown_unit(reader: Reader, unit: str) -> str:
    """What a figure counts, as its reader may read it (a unit can name a protected person)."""
    return redact(unit or "", reader.user)


def build(reader: Reader, incidents: Iterable[Incident], figures: Iterable[Figure] = ()) -> PlaceMap:
    """The places of `incidents` (read through `reader`) with what their incidents say. A
    queryset is read as the columns a map needs and the ranges the database computes
    (Reader.count_ranges), never as whole incidents with their statements and documents."""
    if isinstance(incidents, QuerySet):
        ranges = reader.count_ranges(incidents)
        rows: Iterable[tuple[int, Any, bool, int | None, tuple[int | None, int | None, bool]]] = (
            (pk, places, aggregate, count, _given(ranges.get(pk), count))
            for pk, places, aggregate, count in incidents.prefetch_related(None)
            .values_list("pk", "places", "aggregate", "count")
            .iterator(chunk_size=2000)
        )
    else:
        rows = ((i.pk, i.places, i.aggregate, i.count, _range(i)) for i in incidents)
    totals: dict[str, PlaceTotal] = {}
    shown = unplaced = 0
    for pk, named, aggregate, _count, (low, high, conflict) in rows:
        shown += 1
        places = [p for p in reader.shown_places(named) if p in PLACES]
        if not places:
            unplaced += 1
            continue
        for name in places:
            t = totals.setdefault(name, PlaceTotal(PLACES[name]))
            t.incidents += 1
            t.ids.append(pk)
            t.conflicts += conflict
            if high is None:
                t.uncounted += 1
            elif aggregate:
                t.totals += 1
            else:
                t.low += low or 0
                t.high += high
    ordered = sorted(totals.values(), key=lambda t: (-t.high, -t.incidents, t.place.name))
    return PlaceMap(ordered, shown, unplaced, figure_places(reader, figures))


def _given(r: CountRange | None, count: int | None) -> tuple[int | None, int | None, bool]:
    """What `_range` says, from a range the database computed."""
    if r is None or r.high is None:
        return count, count, False
    return r.low, r.high, r.conflicting


def _range(inc: Incident) -> tuple[int | None, int | None, bool]:
    """The lowest and highest count the live statements this reader sees give, and whether they
    disagree (the incident's own count when none gives one)."""
    counts: list[int] = []
    lows: list[int] = []
    for st in inc.live_statements():
        v = st.values()
        if isinstance(v.get("count"), int):
            counts.append(v["count"])
            lows.append(v["count_min"] if isinstance(v.get("count_min"), int) else v["count"])
    if not counts:
        return inc.count, inc.count, False
    return min(lows), max(counts), len(set(counts)) > 1


# --- drawing --------------------------------------------------------------------------------


@dataclass(frozen=True)
class Frame:
    """A panel of the map: a box of longitude and latitude drawn `width` pixels wide
    (equirectangular, longitudes narrowed by the cosine of the middle latitude)."""

    west: float
    south: float
    east: float
    north: float
    width: int

    @property
    def scale(self) -> float:
        return self.width / ((self.east - self.west) * self._cos)

    @property
    def _cos(self) -> float:
        return math.cos(math.radians((self.south + self.north) / 2))

    @property
    def height(self) -> int:
        return round((self.north - self.south) * self.scale)

    def xy(self, lon: float, lat: float) -> tuple[float, float]:
        return (
            round((lon - self.west) * self._cos * self.scale, 1),
            round((self.north - lat) * self.scale, 1),
        )

    def holds(self, place: Place) -> bool:
        return self.west <= place.lon <= self.east and self.south <= place.lat <= self.north


@lru_cache(maxsize=1)
def _borders() -> dict[str, Any]:
    data: dict[str, Any] = json.loads(BORDERS.read_text(encoding="utf-8"))
    return data


def region_frame() -> Frame:
    west, south, east, north = _borders()["region"]
    return Frame(west, south, east, north, 960)


def routes_frame() -> Frame:
    west, south, east, north = _borders()["routes"]
    return Frame(west, south, east, north, 480)


@lru_cache(maxsize=2)
def _base(layer: str) -> SafeString:
    """The provinces of one layer as SVG paths, drawn once per process."""
    frame = region_frame() if layer == "region" else routes_frame()
    parts = []
    for f in _borders()["features"]:
        props = f["properties"]
        if props["layer"] != layer:
            continue
        d = " ".join(
            "M" + " L".join("{} {}".format(*frame.xy(lon, lat)) for lon, lat in ring[:-1]) + " Z"
            for polygon in f["geometry"]["coordinates"]
            for ring in polygon
        )
        fill = FILLS.get(props["admin"], ROUTE_FILL)
        parts.append(
            format_html(
                '<path d="{}" fill="{}" stroke="#a0aec0" stroke-width="{}" data-admin="{}"><title>{}, {}</title></path>',
                d,
                fill,
                "0.6" if layer == "region" else "0.3",
                props["admin"],
                props["name"],
                props["admin"],
            )
        )
    return format_html_join("", "{}", ((p,) for p in parts))


def _radius(t: PlaceTotal, biggest: int, most: float) -> float:
    if biggest and t.high:
        return round(5 + (most - 5) * math.sqrt(t.high / biggest), 1)
    return 5.0


def _marks(
    places: list[PlaceTotal], biggest: int, frame: Frame, link: Callable[[str], str], most: float
) -> list[SafeString]:
    parts = []
    # The biggest first, so that smaller circles are drawn over them and stay clickable.
    for t in sorted((t for t in places if frame.holds(t.place)), key=lambda t: -t.high):
        x, y = frame.xy(t.place.lon, t.place.lat)
        r = _radius(t, biggest, most)
        parts.append(
            format_html(
                '<a href="{}" class="mark place" data-place="{}" data-incidents="{}" data-low="{}" data-high="{}">'
                '<title>{}</title><circle cx="{}" cy="{}" r="{}" fill="{}" fill-opacity="0.55" stroke="{}" '
                'stroke-width="{}"/><text x="{}" y="{}" font-size="16" fill="#1a202c" stroke="#ffffff" '
                'stroke-width="3" paint-order="stroke">{}</text></a>',
                link(t.place.name),
                t.place.name,
                t.incidents,
                t.low,
                t.high,
                t.label,
                x,
                y,
                r,
                MARK,
                "#c53030" if t.conflicts else MARK,
                2 if t.conflicts else 1,
                round(x + r + 3, 1),
                round(y + 5, 1),
                t.place.name,
            )
        )
    return parts


def _squares(
    figures: list[FigurePlace], frame: Frame, link: Callable[[str], str], side: float
) -> list[SafeString]:
    """A square for each place figures name, beside the circles of incidents: of one size, since
    figures of different things are never added (see FigurePlace)."""
    parts = []
    for f in figures:
        if not frame.holds(f.place):
            continue
        x, y = frame.xy(f.place.lon, f.place.lat)
        parts.append(
            format_html(
                '<a href="{}" class="mark figure-place" data-place="{}" data-figures="{}"><title>{}</title>'
                '<rect x="{}" y="{}" width="{}" height="{}" fill="{}" fill-opacity="0.7" stroke="#1a202c" '
                'stroke-width="1"/></a>',
                link(f.place.name),
                f.place.name,
                len(f.figures),
                f.label,
                round(x - side / 2, 1),
                round(y - side / 2, 1),
                side,
                side,
                FIGURE_MARK,
            )
        )
    return parts


def _reference(frame: Frame, shown: set[str]) -> list[SafeString]:
    """The border towns and crossings no shown incident names, as small grey dots for bearings."""
    return [
        format_html(
            '<circle class="reference" cx="{}" cy="{}" r="2" fill="#718096"><title>{} ({})</title></circle>',
            *frame.xy(p.lon, p.lat),
            p.name,
            KIND_LABELS[p.kind],
        )
        for p in PLACES.values()
        if p.kind in ("city", "crossing") and p.name not in shown and frame.holds(p)
    ]


def region_svg(
    pm: PlaceMap,
    link: Callable[[str], str],
    *,
    title: str = "Incidents by place",
    figure_link: Callable[[str], str] | None = None,
) -> SafeString:
    """The border region: provinces of China, the Koreas and Russia, a circle for each place of
    the incidents and a square for each place of the figures."""
    frame = region_frame()
    shown = {t.place.name for t in pm.places} | {f.place.name for f in pm.figures}
    drawn = sum(1 for t in pm.places if frame.holds(t.place))
    return format_html(
        '<svg xmlns="http://www.w3.org/2000/svg" class="chart placemap region" viewBox="0 0 {} {}" role="img" '
        'aria-labelledby="map-title map-desc"><title id="map-title">{}</title>'
        '<desc id="map-desc">The China–North Korea border region with {} place{} named by the incidents shown, '
        "each a circle sized by the people its incidents returned and linking to them, and squares at "
        "the places figures name (people detained, at risk); the tables beside "
        'the map hold the same data.</desc><rect width="{}" height="{}" fill="{}"/>{}{}{}{}</svg>',
        frame.width,
        frame.height,
        title,
        drawn,
        "" if drawn == 1 else "s",
        frame.width,
        frame.height,
        SEA,
        _base("region"),
        format_html_join("", "{}", ((p,) for p in _reference(frame, shown))),
        format_html_join("", "{}", ((p,) for p in _marks(pm.places, pm.biggest, frame, link, 30.0))),
        format_html_join("", "{}", ((p,) for p in _squares(pm.figures, frame, figure_link or link, 12.0))),
    )


def routes_svg(
    pm: PlaceMap,
    link: Callable[[str], str],
    *,
    title: str = "The escape routes",
    figure_link: Callable[[str], str] | None = None,
) -> SafeString:
    """China and its southern and northern neighbours at a smaller scale: the places beyond the
    border region (Kunming, Laos, Mongolia), with the border region outlined."""
    frame, region = routes_frame(), region_frame()
    x0, y0 = frame.xy(region.west, region.north)
    x1, y1 = frame.xy(region.east, region.south)
    beyond = [t for t in pm.places if not region.holds(t.place)]
    figures_beyond = [f for f in pm.figures if not region.holds(f.place)]
    return format_html(
        '<svg xmlns="http://www.w3.org/2000/svg" class="chart placemap routes" viewBox="0 0 {} {}" role="img" '
        'aria-labelledby="routes-title routes-desc"><title id="routes-title">{}</title>'
        '<desc id="routes-desc">China and the countries of the escape routes, with {} place{} beyond the '
        "border region; the dashed box is the border region drawn above.</desc>"
        '<rect width="{}" height="{}" fill="{}"/>{}'
        '<rect x="{}" y="{}" width="{}" height="{}" fill="none" stroke="#4a5568" stroke-dasharray="4 3"/>{}{}</svg>',
        frame.width,
        frame.height,
        title,
        len(beyond),
        "" if len(beyond) == 1 else "s",
        frame.width,
        frame.height,
        SEA,
        _base("routes"),
        x0,
        y0,
        round(x1 - x0, 1),
        round(y1 - y0, 1),
        format_html_join("", "{}", ((p,) for p in _marks(beyond, pm.biggest, frame, link, 18.0))),
        format_html_join("", "{}", ((p,) for p in _squares(figures_beyond, frame, figure_link or link, 9.0))),
    )
