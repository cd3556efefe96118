"""Where to hold a learning event so that the fewest kilometres are travelled: a small table of PNT
cities with their coordinates, great-circle distances, and the suggestion rule for an unmet need.

The rule (the portal's reading of the seed's "small-centre and Northern providers need more
resources" and of the PD policy treating small centres and the North together):
- the hub is the hub city with the lowest total great-circle distance from the requesting
  providers' sites (each site counts once; a site in a city the table does not know is left out
  and counted as such);
- the format is online or teleconference when most requests that state a delivery ask for online,
  or when the small-centre and North sites would travel more than ONLINE_KM on average to that hub;
  otherwise in person, at the hub.

Pure: no database. Distances are kilometres on a sphere of radius 6,371 km, rounded to the km.
"""

import math
from dataclasses import dataclass

EARTH_RADIUS_KM = 6371.0
#: Above this average distance from small-centre and North sites to the best hub, suggest online.
ONLINE_KM = 400

#: (city, jurisdiction code) -> (latitude, longitude, is a hub).
CITIES: dict[tuple[str, str], tuple[float, float, bool]] = {
    ("Calgary", "AB"): (51.0447, -114.0719, True),
    ("Edmonton", "AB"): (53.5461, -113.4938, True),
    ("Lethbridge", "AB"): (49.6935, -112.8418, False),
    ("Red Deer", "AB"): (52.2690, -113.8116, False),
    ("Medicine Hat", "AB"): (50.0405, -110.6766, False),
    ("Grande Prairie", "AB"): (55.1707, -118.7947, False),
    ("Fort McMurray", "AB"): (56.7267, -111.3790, False),
    ("Brooks", "AB"): (50.5642, -111.8989, False),
    ("Canmore", "AB"): (51.0884, -115.3479, False),
    ("Banff", "AB"): (51.1784, -115.5708, False),
    ("Regina", "SK"): (50.4452, -104.6189, True),
    ("Saskatoon", "SK"): (52.1579, -106.6702, True),
    ("Prince Albert", "SK"): (53.2033, -105.7531, False),
    ("Moose Jaw", "SK"): (50.3934, -105.5519, False),
    ("Swift Current", "SK"): (50.2851, -107.7972, False),
    ("Yorkton", "SK"): (51.2139, -102.4628, False),
    ("North Battleford", "SK"): (52.7575, -108.2861, False),
    ("La Ronge", "SK"): (55.1000, -105.3000, False),
    ("Estevan", "SK"): (49.1392, -102.9856, False),
    ("Winnipeg", "MB"): (49.8951, -97.1384, True),
    ("Brandon", "MB"): (49.8485, -99.9501, False),
    ("Steinbach", "MB"): (49.5258, -96.6839, False),
    ("Thompson", "MB"): (55.7433, -97.8553, False),
    ("Winkler", "MB"): (49.1817, -97.9411, False),
    ("Portage la Prairie", "MB"): (49.9728, -98.2926, False),
    ("Dauphin", "MB"): (51.1494, -100.0500, False),
    ("Yellowknife", "NT"): (62.4540, -114.3718, True),
    ("Hay River", "NT"): (60.8156, -115.7999, False),
    ("Inuvik", "NT"): (68.3607, -133.7230, False),
    ("Fort Smith", "NT"): (60.0050, -111.8840, False),
    ("Iqaluit", "NU"): (63.7467, -68.5170, True),
    ("Rankin Inlet", "NU"): (62.8090, -92.0853, False),
    ("Cambridge Bay", "NU"): (69.1169, -105.0597, False),
}

HUBS = [key for key, (_lat, _lon, hub) in CITIES.items() if hub]


def great_circle_km(a: tuple[float, float], b: tuple[float, float]) -> float:
    """The haversine distance between two (latitude, longitude) points, in kilometres."""
    lat1, lon1, lat2, lon2 = map(math.radians, (*a, *b))
    h = math.sin((lat2 - lat1) / 2) ** 2 + math.cos(lat1) * math.cos(lat2) * math.sin((lon2 - lon1) / 2) ** 2
    return 2 * EARTH_RADIUS_KM * math.asin(math.sqrt(h))


def locate(city: str, jurisdiction: str) -> tuple[float, float] | None:
    key = next(
        (k for k in CITIES if k[0].casefold() == (city or "").strip().casefold() and k[1] == jurisdiction),
        None,
    )
    return CITIES[key][:2] if key else None


@dataclass(frozen=True)
class Origin:
    """A requesting provider's site: where its staff would travel from."""

    city: str
    jurisdiction: str
    centre_type: str


@dataclass(frozen=True)
class Suggestion:
    format: str  # "online" or "in_person"
    city: str
    jurisdiction: str
    total_km: int
    average_km: int
    remote_average_km: int  # small-centre and North sites only
    sites: int
    unlocated: int
    reason: str  # "requested_online", "long_travel", "hub"

    def as_dict(self) -> dict:
        return {
            "format": self.format,
            "city": self.city,
            "jurisdiction": self.jurisdiction,
            "total_km": self.total_km,
            "average_km": self.average_km,
            "remote_average_km": self.remote_average_km,
            "sites": self.sites,
            "unlocated_sites": self.unlocated,
            "reason": self.reason,
        }


def best_hub(points: list[tuple[float, float]]) -> tuple[tuple[str, str], float]:
    """The hub with the lowest total distance from the points (ties: the table's order)."""
    totals = [
        (sum(great_circle_km(p, CITIES[hub][:2]) for p in points), i, hub) for i, hub in enumerate(HUBS)
    ]
    total, _i, hub = min(totals)
    return hub, total


def suggest(
    origins: list[Origin], *, online_requests: int = 0, in_person_requests: int = 0
) -> Suggestion | None:
    """The format and place for an unmet need (see the module's rule); None when no site is located."""
    located = [(o, locate(o.city, o.jurisdiction)) for o in origins]
    points = [(o, p) for o, p in located if p is not None]
    if not points:
        return None
    (city, jurisdiction), total = best_hub([p for _o, p in points])
    hub_point = CITIES[(city, jurisdiction)][:2]
    remote = [great_circle_km(p, hub_point) for o, p in points if o.centre_type in ("small", "north")]
    remote_average = sum(remote) / len(remote) if remote else 0.0
    if online_requests > in_person_requests:
        fmt, reason = "online", "requested_online"
    elif remote_average > ONLINE_KM:
        fmt, reason = "online", "long_travel"
    else:
        fmt, reason = "in_person", "hub"
    return Suggestion(
        format=fmt,
        city=city,
        jurisdiction=jurisdiction,
        total_km=round(total),
        average_km=round(total / len(points)),
        remote_average_km=round(remote_average),
        sites=len(points),
        unlocated=len(origins) - len(points),
        reason=reason,
    )
