"""Resumable, checked, atomic downloads and retries against a local HTTP server (no internet)."""

from __future__ import annotations

import hashlib
import io
import json
import zipfile

import pytest
from werkzeug import Request, Response

from tradebridge.data.fetch.baci import check_zip
from tradebridge.data.fetch.http import Http, RetryPolicy, Unreachable
from tradebridge.errors import EnvironmentProblem

DATA = bytes(range(256)) * 800  # 204,800 bytes


def _ranged(data: bytes, etag: str = "v1"):
    """A handler answering Range requests (206/416) for ``data`` with an ETag."""

    def handler(request: Request) -> Response:
        response = Response(data, mimetype="application/octet-stream")
        response.set_etag(etag)
        return response.make_conditional(request, accept_ranges=True, complete_length=len(data))

    return handler


def _cut_short(data: bytes, keep: int):
    """A handler announcing all of ``data`` but sending only ``keep`` bytes, then closing."""

    def handler(request: Request) -> Response:
        response = Response(data[:keep], mimetype="application/octet-stream")
        response.headers["Content-Length"] = str(len(data))
        response.set_etag("v1")
        return response

    return handler


@pytest.fixture
def waits():
    return []


@pytest.fixture
def http(waits):
    client = Http(hint="do it by hand", policy=RetryPolicy(attempts=4, sleep=waits.append))
    yield client
    client.close()


def test_interrupted_download_resumes_with_a_range_request(httpserver, http, tmp_path):
    httpserver.expect_ordered_request("/f.bin").respond_with_handler(_cut_short(DATA, 70_000))
    httpserver.expect_ordered_request("/f.bin").respond_with_handler(_ranged(DATA))
    got = http.download(httpserver.url_for("/f.bin"), tmp_path / "f.bin")
    assert (tmp_path / "f.bin").read_bytes() == DATA
    assert got.size == len(DATA) and got.sha256 == hashlib.sha256(DATA).hexdigest()
    second = httpserver.log[1][0]
    start = int(second.headers["Range"].removeprefix("bytes=").removesuffix("-"))
    assert 0 < start <= 70_000  # resumed where the partial file ended
    assert second.headers["If-Range"] == '"v1"'
    assert not (tmp_path / "f.bin.part").exists()
    assert not (tmp_path / "f.bin.part.json").exists()


def test_a_killed_download_leaves_a_partial_file_that_a_new_run_resumes(httpserver, tmp_path):
    never = RetryPolicy(attempts=1, sleep=lambda s: None)
    httpserver.expect_ordered_request("/f.bin").respond_with_handler(_cut_short(DATA, 50_000))
    with Http(hint="by hand", policy=never) as first, pytest.raises(EnvironmentProblem):
        first.download(httpserver.url_for("/f.bin"), tmp_path / "f.bin")
    # nothing under the final name; the partial file and its validators stay for a resume
    assert not (tmp_path / "f.bin").exists()
    partial = (tmp_path / "f.bin.part").read_bytes()
    assert 0 < len(partial) <= 50_000 and DATA.startswith(partial)
    assert json.loads((tmp_path / "f.bin.part.json").read_text())["etag"] == '"v1"'
    httpserver.expect_ordered_request("/f.bin").respond_with_handler(_ranged(DATA))
    with Http(hint="by hand", policy=never) as second:
        got = second.download(httpserver.url_for("/f.bin"), tmp_path / "f.bin")
    assert got.resumed_from == len(partial)
    assert (tmp_path / "f.bin").read_bytes() == DATA
    assert httpserver.log[-1][0].headers["Range"] == f"bytes={len(partial)}-"


def test_a_changed_file_is_downloaded_again_from_the_start(httpserver, http, tmp_path):
    (tmp_path / "f.bin.part").write_bytes(b"old bytes of another version")
    (tmp_path / "f.bin.part.json").write_text(
        json.dumps({"url": httpserver.url_for("/f.bin"), "etag": '"v0"'})
    )
    httpserver.expect_request("/f.bin").respond_with_handler(_ranged(DATA, etag="v1"))
    http.download(httpserver.url_for("/f.bin"), tmp_path / "f.bin")
    assert (tmp_path / "f.bin").read_bytes() == DATA  # If-Range did not match: a 200 restart


def test_a_429_is_retried_after_its_retry_after(httpserver, http, waits, tmp_path):
    httpserver.expect_ordered_request("/api").respond_with_data(
        "slow down", status=429, headers={"Retry-After": "7"}
    )
    httpserver.expect_ordered_request("/api").respond_with_json({"ok": True})
    assert http.json(httpserver.url_for("/api")) == {"ok": True}
    assert waits == [7.0]


def test_server_errors_back_off_then_give_up_with_one_line(httpserver, http, waits):
    httpserver.expect_request("/api").respond_with_data("down", status=503)
    with pytest.raises(EnvironmentProblem) as err:
        http.get(httpserver.url_for("/api"))
    assert waits == [1.0, 2.0, 4.0]  # exponential back-off, 4 tries
    assert "503" in str(err.value) and "4 tries" in str(err.value)
    assert "\n" not in str(err.value)


def test_no_network_fails_at_once_with_what_to_do_by_hand(http, waits, tmp_path):
    with pytest.raises(Unreachable) as err:
        http.download("http://127.0.0.1:9/f.zip", tmp_path / "f.zip")
    assert waits == []  # no retry when the host cannot be reached at all
    assert str(err.value).startswith("cannot reach 127.0.0.1:9")
    assert str(err.value).endswith("do it by hand")
    assert err.value.exit_code == 1


def _zip(members: dict[str, str]) -> bytes:
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, text in members.items():
            archive.writestr(name, text)
    return buf.getvalue()


def test_a_truncated_zip_is_refused_and_removed(httpserver, http, tmp_path):
    whole = _zip(
        {
            "BACI_HS17_Y2021_V202401.csv": "t,i,j,k,v,q\n" + "2021,31,643,80510,1.5,2\n" * 500,
            "country_codes_V202401.csv": "country_code,country_name,country_iso2,country_iso3\n",
        }
    )
    cut = whole[: len(whole) - 40]  # the end of the central directory is missing
    httpserver.expect_request("/BACI.zip").respond_with_data(cut)
    with pytest.raises(EnvironmentProblem) as err:
        http.download(httpserver.url_for("/BACI.zip"), tmp_path / "BACI.zip", verify=check_zip)
    assert "not a complete zip" in str(err.value)
    assert list(tmp_path.iterdir()) == []


def test_a_checksum_mismatch_is_refused(httpserver, http, tmp_path):
    httpserver.expect_request("/f.bin").respond_with_data(DATA)
    with pytest.raises(EnvironmentProblem, match="checksum mismatch"):
        http.download(httpserver.url_for("/f.bin"), tmp_path / "f.bin", sha256="0" * 64)
    assert list(tmp_path.iterdir()) == []
