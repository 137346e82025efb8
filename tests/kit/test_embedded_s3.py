"""SeaweedFS from the wheel through the kit's ObjectStorage: real servers, temporary directories.

The adapter tests use the session's S3 server (tests/conftest.py) under bucket names of
their own; the lifecycle test starts and stops instances of its own.
"""
from __future__ import annotations

import uuid
from concurrent.futures import ThreadPoolExecutor
from datetime import datetime, timedelta, timezone
from urllib.parse import parse_qsl, urlencode, urlsplit, urlunsplit

import psutil
import pytest
import urllib3

from procure.embedded.s3 import EmbeddedS3
from procure.errors import Conflict, DependencyUnavailable, Forbidden, NotFound
from procure.storage import ObjectStorage

pytestmark = pytest.mark.integration

ACCESS_KEY, SECRET_KEY = "procure-test", "a-test-secret-of-some-length"
RUN = uuid.uuid4().hex[:8]
PLAIN = f"kit-plain-{RUN}"


def storage_of(server: EmbeddedS3) -> ObjectStorage:
    return ObjectStorage(server.endpoint, server.access_key, server.secret_key, secure=False)


@pytest.fixture(scope="module")
def storage(s3_server):
    storage = storage_of(s3_server)
    storage.ensure_bucket(PLAIN)
    return storage


def test_put_get_stat_round_trip(storage):
    put = storage.put_bytes(PLAIN, "dir/file.txt", b"hello", content_type="text/plain",
                            metadata={"sha256": "abc"})
    assert storage.get_bytes(PLAIN, "dir/file.txt") == b"hello"
    found = storage.stat(PLAIN, "dir/file.txt")
    assert (found.size, found.etag, found.content_type) == (5, put.etag, "text/plain")
    assert found.metadata == {"sha256": "abc"}
    storage.remove(PLAIN, "dir/file.txt")
    with pytest.raises(NotFound):
        storage.get_bytes(PLAIN, "dir/file.txt")


def test_ensure_bucket_is_idempotent_and_refuses_to_add_object_lock_later(storage):
    storage.ensure_bucket(PLAIN)
    locked = f"kit-locked-{RUN}"
    storage.ensure_bucket(locked, object_lock=True)
    storage.ensure_bucket(locked, object_lock=True)
    with pytest.raises(Conflict):
        storage.ensure_bucket(PLAIN, object_lock=True)


def test_presigned_get_works_and_a_tampered_url_is_refused(storage):
    storage.put_bytes(PLAIN, "shared.txt", b"for the holder of the link")
    url = storage.presigned_get(PLAIN, "shared.txt", timedelta(minutes=5))
    http = urllib3.PoolManager()
    assert http.request("GET", url).data == b"for the holder of the link"
    storage.put_bytes(PLAIN, "other.txt", b"not shared")
    assert http.request("GET", url.replace("shared.txt", "other.txt")).status == 403
    assert http.request("GET", with_query(url, **{"X-Amz-Expires": "604800"})).status == 403


def test_presigned_put_uploads(storage):
    url = storage.presigned_put(PLAIN, "uploaded.bin", 300)
    assert urllib3.PoolManager().request("PUT", url, body=b"\x00\x01").status == 200
    assert storage.get_bytes(PLAIN, "uploaded.bin") == b"\x00\x01"


def test_versioning_keeps_earlier_versions(storage):
    bucket = f"kit-versioned-{RUN}"
    storage.ensure_bucket(bucket, versioning=True)
    first = storage.put_bytes(bucket, "doc", b"v1")
    second = storage.put_bytes(bucket, "doc", b"v2")
    assert first.version_id and first.version_id != second.version_id
    assert storage.get_bytes(bucket, "doc") == b"v2"
    assert storage.get_bytes(bucket, "doc", version_id=first.version_id) == b"v1"


def test_object_lock_refuses_to_delete_a_retained_version(storage):
    bucket = f"kit-sealed-{RUN}"
    storage.ensure_bucket(bucket, object_lock=True)
    kept = storage.put_bytes(bucket, "bid", b"sealed bid",
                             retain_until=datetime.now(timezone.utc) + timedelta(days=1))
    with pytest.raises(Forbidden):
        storage.remove(bucket, "bid", version_id=kept.version_id)
    storage.remove(bucket, "bid")  # only a delete marker: the retained version stays
    assert storage.get_bytes(bucket, "bid", version_id=kept.version_id) == b"sealed bid"


def test_wrong_credentials_are_refused(s3_server, storage):
    storage.ping()
    with pytest.raises(DependencyUnavailable):
        ObjectStorage(s3_server.endpoint, s3_server.access_key, "not-the-secret", secure=False).ping()


def test_only_the_chosen_ports_are_opened(s3_server):
    listening = {connection.laddr for connection in psutil.Process(s3_server.pid).net_connections("tcp")
                 if connection.status == psutil.CONN_LISTEN}
    assert {address.ip for address in listening} == {"127.0.0.1"}
    assert {address.port for address in listening} == set(s3_server.ports.values())
    assert not {address.port for address in listening} & {8080, 8333, 8888, 9333, 8181, 9101, 6060, 8111}


def test_two_instances_at_once_then_stop_and_restart_keeps_the_data(tmp_path):
    first = EmbeddedS3(tmp_path / "first", access_key=ACCESS_KEY, secret_key=SECRET_KEY)
    second = EmbeddedS3(tmp_path / "second", access_key=ACCESS_KEY, secret_key=SECRET_KEY)
    try:
        with ThreadPoolExecutor(2) as pool:
            list(pool.map(EmbeddedS3.start, (first, second)))
        assert first.endpoint != second.endpoint
        storage_of(first).ensure_bucket("kept")
        storage_of(first).put_bytes("kept", "object", b"still here")
        assert not bucket_exists(storage_of(second), "kept")  # two servers, not one
        processes = [psutil.Process(first.pid), psutil.Process(second.pid)]
        first.stop(grace=1)  # SIGKILL after 1 s: what was acknowledged must survive it
        second.stop(grace=1)
        second.stop()  # idempotent
        assert not [process for process in processes if process.is_running()]
        assert not weed_processes(tmp_path)

        first.start()
        assert storage_of(first).get_bytes("kept", "object") == b"still here"
    finally:
        first.stop(grace=1)
        second.stop(grace=1)
    assert not weed_processes(tmp_path)


def bucket_exists(storage: ObjectStorage, bucket: str) -> bool:
    try:
        storage.ping(bucket)
        return True
    except NotFound:
        return False


def weed_processes(under) -> list[psutil.Process]:
    return [process for process in psutil.process_iter(["name", "cmdline"])
            if process.info["name"] == "weed" and str(under) in " ".join(process.info["cmdline"] or [])]


def with_query(url: str, **changes: str) -> str:
    parts = urlsplit(url)
    query = dict(parse_qsl(parts.query)) | changes
    return urlunsplit(parts._replace(query=urlencode(query)))
