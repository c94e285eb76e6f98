"""CEPII BACI: find a release on CEPII's download page, download its zip, check it, ingest it.

The page links one zip per HS revision of the current release, named
``BACI_HS17_V202501.zip`` (a letter may follow a corrected release: ``V202401b``); older
releases, when the page lists them, are links of the same form. Every link whose file name has
that form is a release, wherever it sits in the page and whether its address is absolute or
relative. Pages that name the release only in text (``<em>202501</em>`` in the download
section) give the zip's address by CEPII's rule ``…/DATA_DOWNLOAD/baci/data/BACI_<rev>_V<rel>.zip``.
A checksum is used when the page links one (``<zip>.sha256`` or ``<zip>.md5``).

A download is complete when its size is the server's and the zip's directory lists the
release's yearly files and country table (a truncated zip is refused and removed).
"""

from __future__ import annotations

import re
import zipfile
from dataclasses import dataclass
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import urljoin, urlsplit

from tradebridge.data.fetch.endpoints import BACI_PAGE
from tradebridge.data.fetch.http import Download, Http, Progress, Refused
from tradebridge.errors import BadInput, EnvironmentProblem, nearest

REVISIONS = ("HS92", "HS96", "HS02", "HS07", "HS12", "HS17", "HS22")
ZIP_NAME = re.compile(r"BACI_(?P<rev>HS\d{2})_V(?P<rel>\d{6}[a-z]?)\.zip$", re.I)
CHECKSUM_NAME = re.compile(r"BACI_HS\d{2}_V\d{6}[a-z]?\.zip\.(?P<kind>sha256|md5)$", re.I)
YEAR_MEMBER = re.compile(r"BACI_HS\d{2}_Y\d{4}_V\w+\.csv$", re.I)
RELEASE_TEXT = re.compile(r"\b(20\d{4}[a-z]?)\b")


@dataclass(frozen=True)
class BaciRelease:
    """One downloadable zip: HS revision, release (``V202501``) and address."""

    revision: str
    release: str
    url: str
    checksum_url: str | None = None

    @property
    def file_name(self) -> str:
        return f"BACI_{self.revision}_{self.release}.zip"


def release_key(release: str) -> tuple[str, str]:
    """Sort key of a release name: ``V202401b`` after ``V202401``, before ``V202501``.

    >>> sorted(["V202501", "V202401b", "V202401"], key=release_key)
    ['V202401', 'V202401b', 'V202501']
    """
    digits = re.sub(r"\D", "", release)[:6]
    return digits, release[len(release.rstrip("abcdefghijklmnopqrstuvwxyz")) :].lower()


def normalise_release(text: str) -> str:
    """``202401b``, ``v202401B`` → ``V202401b``.

    >>> normalise_release("202401B")
    'V202401b'
    """
    m = re.fullmatch(r"[vV]?(\d{6})([a-zA-Z]?)", text.strip())
    if not m:
        raise BadInput(
            f"a BACI release looks like V202501 (or 'latest'), not {text!r}", field="release"
        )
    return f"V{m[1]}{m[2].lower()}"


def normalise_revision(text: str) -> str:
    rev = text.strip().upper()
    rev = rev if rev.startswith("HS") else f"HS{rev}"
    if rev not in REVISIONS:
        raise BadInput(
            f"unknown HS revision {text!r}; {nearest(text, list(REVISIONS))}", field="revision"
        )
    return rev


class _Links(HTMLParser):
    """Every ``href`` of the page, and the text of the download section (id telechargement)."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.hrefs: list[str] = []
        self.section_text: list[str] = []
        self._depth = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = dict(attrs)
        if values.get("href"):
            self.hrefs.append(values["href"].strip())
        if self._depth:
            self._depth += 1
        elif (values.get("id") or "").lower() == "telechargement":
            self._depth = 1

    def handle_endtag(self, tag: str) -> None:
        if self._depth:
            self._depth -= 1

    def handle_data(self, data: str) -> None:
        if self._depth:
            self.section_text.append(data)


def parse_releases(html: str, page_url: str) -> list[BaciRelease]:
    """The BACI zips a download page offers, oldest release first (see the module docstring)."""
    parser = _Links()
    parser.feed(html)
    parser.close()
    hrefs = parser.hrefs + re.findall(r"https?://[^\s\"'<>]+\.zip(?:\.(?:sha256|md5))?", html)
    zips: dict[tuple[str, str], str] = {}
    sums: dict[str, str] = {}
    for href in hrefs:
        url = urljoin(page_url, href)
        name = Path(urlsplit(url).path).name
        if CHECKSUM_NAME.search(name):
            sums[name.rsplit(".", 1)[0].lower()] = url
            continue
        m = ZIP_NAME.search(name)
        if m:
            key = (m["rev"].upper(), normalise_release(m["rel"]))
            zips.setdefault(key, url)
    if not zips:
        for text in RELEASE_TEXT.findall(" ".join(parser.section_text)):
            release = normalise_release(text)
            for rev in REVISIONS:
                zips.setdefault(
                    (rev, release),
                    urljoin(page_url, f"/DATA_DOWNLOAD/baci/data/BACI_{rev}_{release}.zip"),
                )
    out = [
        BaciRelease(rev, rel, url, sums.get(f"baci_{rev}_{rel}.zip".lower()))
        for (rev, rel), url in zips.items()
    ]
    return sorted(out, key=lambda r: (r.revision, release_key(r.release)))


def hint(revision: str = "HS17", page: str | None = None) -> str:
    """What to do by hand when CEPII cannot be reached."""
    where = page or BACI_PAGE.url()
    return (
        f"download BACI_{revision}_V<release>.zip by hand from {where} "
        "and load it with `tradebridge ingest baci BACI_….zip`"
    )


def available(http: Http, page: str | None = None) -> list[BaciRelease]:
    """The releases the download page offers now."""
    url = page or BACI_PAGE.url()
    response = http.get(url)
    releases = parse_releases(response.text, str(response.url))
    if not releases:
        raise EnvironmentProblem(
            "no BACI release found on the download page (its layout may have changed); "
            + hint(page=url),
            file=url,
        )
    return releases


def choose(releases: list[BaciRelease], revision: str, release: str = "latest") -> BaciRelease:
    """The release asked for (``latest``: the newest the page offers for ``revision``)."""
    revision = normalise_revision(revision)
    mine = [r for r in releases if r.revision == revision]
    if not mine:
        offered = sorted({r.revision for r in releases})
        raise BadInput(
            f"the BACI page offers no {revision} zip; it offers {', '.join(offered)}",
            field="revision",
        )
    if release.strip().lower() == "latest":
        return max(mine, key=lambda r: release_key(r.release))
    wanted = normalise_release(release)
    for r in mine:
        if r.release == wanted:
            return r
    raise BadInput(
        f"release {wanted} of {revision} is not on the BACI page; it offers "
        + ", ".join(r.release for r in mine),
        field="release",
    )


def check_zip(path: Path) -> None:
    """Refuse a zip that is damaged or truncated, or that is not a BACI release."""
    try:
        with zipfile.ZipFile(path) as archive:
            names = [Path(n).name for n in archive.namelist()]
    except (zipfile.BadZipFile, OSError) as exc:
        raise EnvironmentProblem(
            f"the download is not a complete zip ({exc}); it was removed, run the command again",
            file=path.name.removesuffix(".part"),
        ) from exc
    if not any(YEAR_MEMBER.match(n) for n in names) or not any(
        n.lower().startswith("country_codes") for n in names
    ):
        raise EnvironmentProblem(
            "the zip holds no BACI yearly files and country table; it was removed",
            file=path.name.removesuffix(".part"),
        )


def _checksum(http: Http, release: BaciRelease) -> str | None:
    """The published sha256 of the zip, when the page links one (md5 is not checked)."""
    if not release.checksum_url or not release.checksum_url.lower().endswith(".sha256"):
        return None
    text = http.get(release.checksum_url).text
    m = re.search(r"\b[0-9a-fA-F]{64}\b", text)
    return m[0].lower() if m else None


def download(
    http: Http, release: BaciRelease, folder: Path, progress: Progress | None = None
) -> Download:
    """Download (or resume) ``release`` into ``folder``, checked (see the module docstring)."""
    try:
        return http.download(
            release.url,
            folder / release.file_name,
            progress=progress,
            sha256=_checksum(http, release),
            verify=check_zip,
        )
    except Refused as exc:
        raise EnvironmentProblem(
            f"{release.url}: {exc.reason}; " + hint(release.revision), file=None
        ) from exc
