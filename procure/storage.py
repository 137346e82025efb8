"""The kit's S3 adapter: the one module of the kit that talks to the minio SDK.

Works with MinIO in production and SeaweedFS on one machine and in the tests.
A server that cannot be reached, or refuses our credentials, surfaces as
`DependencyUnavailable` (503): callers never see minio or urllib3 exceptions.
"""
from __future__ import annotations

import io
import os
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import datetime, timedelta

import certifi
import urllib3
from minio import Minio
from minio.commonconfig import ENABLED, GOVERNANCE, CopySource
from minio.error import MinioException, S3Error, ServerError
from minio.retention import COMPLIANCE, Retention
from minio.versioningconfig import VersioningConfig

from procure.config import ConfigurationError
from procure.errors import Conflict, DependencyUnavailable, Forbidden, InvalidInput, NotFound, ProcureError

__all__ = ["ObjectStorage", "ObjectInfo", "ObjectRetention", "StorageRejected", "storage_from_settings",
           "COMPLIANCE", "GOVERNANCE"]

_MISSING = {"NoSuchKey", "NoSuchBucket", "NoSuchVersion"}
_REFUSED_CREDENTIALS = {"InvalidAccessKeyId", "SignatureDoesNotMatch", "ExpiredToken", "InvalidToken"}
_CONFLICTS = {"BucketNotEmpty", "BucketAlreadyExists", "OperationAborted", "InvalidBucketState"}
_REFUSED_PARTS = {"InvalidPart", "InvalidPartOrder", "EntityTooSmall", "NoSuchUpload"}
_NO_LOCK = {"ObjectLockConfigurationNotFoundError", "NoSuchObjectLockConfiguration"}


class StorageRejected(ProcureError):
    """The S3 server refused a request for a reason a client of ours cannot fix."""

    status, title, slug = 502, "Object storage rejected the request", "storage-rejected"


@dataclass(frozen=True)
class ObjectInfo:
    bucket: str
    key: str
    size: int
    etag: str
    version_id: str | None = None
    content_type: str | None = None
    last_modified: datetime | None = None
    metadata: dict[str, str] = field(default_factory=dict)


@dataclass(frozen=True)
class ObjectRetention:
    mode: str
    retain_until: datetime


class ObjectStorage:
    """Buckets and objects on one S3 server."""

    def __init__(self, endpoint: str, access_key: str, secret_key: str, *, secure: bool = True,
                 region: str = "us-east-1", connect_timeout: float = 3.0, read_timeout: float = 10.0):
        self.endpoint = endpoint
        self.region = region
        # The region given up front spares a GetBucketLocation round trip per bucket.
        self._client = Minio(endpoint, access_key=access_key, secret_key=secret_key, secure=secure,
                             region=region, http_client=_http_client(connect_timeout, read_timeout))

    def ping(self, bucket: str | None = None) -> None:
        """Raises DependencyUnavailable unless the server answers and accepts our credentials.

        With a bucket, a HEAD on it (enough for a key limited to that bucket);
        without, the list of buckets.
        """
        with _translated(bucket):
            if bucket is None:
                self._client.list_buckets()
            elif not self._client.bucket_exists(bucket):
                raise NotFound(f"bucket {bucket} does not exist")

    def ensure_bucket(self, name: str, *, versioning: bool = False, object_lock: bool = False) -> None:
        """Creates the bucket if missing; idempotent. Object lock implies versioning."""
        with _translated(name):
            if not self._client.bucket_exists(name):
                self._create_bucket(name, object_lock)
            elif object_lock and not self._has_object_lock(name):
                raise Conflict(f"bucket {name} exists without object lock, which is only set at creation")
            if versioning and not object_lock:
                self._client.set_bucket_versioning(name, VersioningConfig(ENABLED))

    def _create_bucket(self, name: str, object_lock: bool) -> None:
        try:
            self._client.make_bucket(name, location=self.region, object_lock=object_lock)
        except S3Error as error:
            if error.code != "BucketAlreadyOwnedByYou":  # a concurrent ensure_bucket won
                raise

    def _has_object_lock(self, name: str) -> bool:
        try:
            return self._client.get_object_lock_config(name) is not None
        except S3Error as error:
            if error.code in _NO_LOCK:
                return False
            raise

    def put_bytes(self, bucket: str, key: str, data: bytes, *,
                  content_type: str = "application/octet-stream", metadata: dict[str, str] | None = None,
                  retain_until: datetime | None = None, retention_mode: str = COMPLIANCE) -> ObjectInfo:
        """Stores `data`; with `retain_until` (object-lock bucket) the version cannot be deleted before."""
        retention = Retention(retention_mode, retain_until) if retain_until else None
        with _translated(bucket, key):
            result = self._client.put_object(bucket, key, io.BytesIO(data), len(data),
                                             content_type=content_type, metadata=metadata,
                                             retention=retention)
        return ObjectInfo(bucket, key, len(data), result.etag, result.version_id, content_type,
                          metadata=dict(metadata or {}))

    def get_bytes(self, bucket: str, key: str, *, version_id: str | None = None) -> bytes:
        with _translated(bucket, key):
            response = self._client.get_object(bucket, key, version_id=version_id)
            try:
                return response.read()
            finally:
                response.close()
                response.release_conn()

    def stat(self, bucket: str, key: str, *, version_id: str | None = None) -> ObjectInfo:
        with _translated(bucket, key):
            found = self._client.stat_object(bucket, key, version_id=version_id)
        metadata = {name.lower().removeprefix("x-amz-meta-"): value
                    for name, value in (found.metadata or {}).items()
                    if name.lower().startswith("x-amz-meta-")}
        return ObjectInfo(bucket, key, found.size, found.etag, found.version_id, found.content_type,
                          found.last_modified, metadata)

    def presigned_get(self, bucket: str, key: str, expires: timedelta | int, *,
                      version_id: str | None = None, response_headers: dict[str, str] | None = None) -> str:
        """A URL anyone holding it can GET until it expires (seconds or a timedelta).

        `response_headers` (`response-content-disposition`, `response-content-type`, ...) are
        signed into the URL: the server answers with them and a client cannot change them.
        """
        return self._client.presigned_get_object(bucket, key, expires=_duration(expires),
                                                 version_id=version_id, response_headers=response_headers)

    def stream(self, bucket: str, key: str, *, version_id: str | None = None, length: int | None = None,
               chunk_size: int = 1024 * 1024) -> Iterator[bytes]:
        """The object's bytes (its first `length` with `length`) in chunks, never whole in memory."""
        with _translated(bucket, key):
            response = self._client.get_object(bucket, key, version_id=version_id, length=length or 0)
            try:
                yield from response.stream(chunk_size)
            finally:
                response.close()
                response.release_conn()

    def start_multipart(self, bucket: str, key: str, *, content_type: str = "application/octet-stream") -> str:
        """Opens a multipart upload whose parts clients PUT to presigned part URLs; returns its id."""
        with _translated(bucket, key):
            return self._client._create_multipart_upload(bucket, key, {"Content-Type": content_type})

    def presigned_part(self, bucket: str, key: str, upload_id: str, part_number: int,
                       expires: timedelta | int) -> str:
        """A URL anyone holding it can PUT part `part_number` (from 1) of the upload to."""
        return self._client.get_presigned_url(
            "PUT", bucket, key, expires=_duration(expires),
            extra_query_params={"uploadId": upload_id, "partNumber": str(part_number)})

    def complete_multipart(self, bucket: str, key: str, upload_id: str, parts: list[tuple[int, str]]) -> str:
        """Joins the parts, given as (number, ETag) in order, into the object; returns its ETag.

        Parts the server does not hold, or out of order, are the client's error (422).
        """
        from minio.datatypes import Part
        with _translated(bucket, key):
            result = self._client._complete_multipart_upload(
                bucket, key, upload_id, [Part(number, etag.strip('"')) for number, etag in parts])
        return result.etag

    def abort_multipart(self, bucket: str, key: str, upload_id: str) -> None:
        """Drops an unfinished multipart upload and the parts received for it."""
        with _translated(bucket, key):
            self._client._abort_multipart_upload(bucket, key, upload_id)

    def presigned_put(self, bucket: str, key: str, expires: timedelta | int) -> str:
        """A URL anyone holding it can PUT one object to until it expires."""
        return self._client.presigned_put_object(bucket, key, expires=_duration(expires))

    def remove(self, bucket: str, key: str, *, version_id: str | None = None) -> None:
        """Deletes the object (a delete marker on a versioned bucket) or one version of it."""
        with _translated(bucket, key):
            self._client.remove_object(bucket, key, version_id=version_id)

    def copy(self, source_bucket: str, source_key: str, bucket: str, key: str, *,
             source_version_id: str | None = None, retain_until: datetime | None = None,
             retention_mode: str = COMPLIANCE) -> ObjectInfo:
        """Server-side copy of one object version; with `retain_until` the copy is locked until then.

        SeaweedFS ignores the retention sent with a copy: a copy left without one gets it right after.
        """
        retention = Retention(retention_mode, retain_until) if retain_until else None
        with _translated(source_bucket, source_key):
            result = self._client.copy_object(bucket, key, CopySource(source_bucket, source_key,
                                                                      version_id=source_version_id),
                                              retention=retention)
        if retain_until and self.retention(bucket, key, version_id=result.version_id) is None:
            self.set_retention(bucket, key, retain_until, mode=retention_mode, version_id=result.version_id)
        return self.stat(bucket, key, version_id=result.version_id)

    def retention(self, bucket: str, key: str, *, version_id: str | None = None) -> ObjectRetention | None:
        """The object-lock retention of one version, None when it has none."""
        with _translated(bucket, key):
            try:
                found = self._client.get_object_retention(bucket, key, version_id=version_id)
            except S3Error as error:
                if error.code in _NO_LOCK:
                    return None
                raise
        return ObjectRetention(found.mode, found.retain_until_date) if found and found.mode else None

    def set_retention(self, bucket: str, key: str, retain_until: datetime, *, mode: str = COMPLIANCE,
                      version_id: str | None = None) -> None:
        """Locks one version until `retain_until`; shortening a COMPLIANCE retention is Forbidden."""
        with _translated(bucket, key):
            self._client.set_object_retention(bucket, key, Retention(mode, retain_until),
                                              version_id=version_id)


def storage_from_settings(settings) -> ObjectStorage:
    """From settings with s3_endpoint, s3_access_key, s3_secret_key (SecretStr) and s3_secure."""
    if not settings.s3_endpoint or settings.s3_access_key is None or settings.s3_secret_key is None:
        raise ConfigurationError("PROCURE_S3_ENDPOINT, PROCURE_S3_ACCESS_KEY and PROCURE_S3_SECRET_KEY "
                                 "are required")
    return ObjectStorage(settings.s3_endpoint, settings.s3_access_key.get_secret_value(),
                         settings.s3_secret_key.get_secret_value(), secure=settings.s3_secure)


def _http_client(connect_timeout: float, read_timeout: float) -> urllib3.PoolManager:
    """Short timeouts and few retries, so that a dead S3 fails a readiness probe in seconds.

    minio's own default waits five minutes and retries five times.
    """
    return urllib3.PoolManager(
        timeout=urllib3.Timeout(connect=connect_timeout, read=read_timeout),
        retries=urllib3.Retry(total=2, connect=1, read=1, backoff_factor=0.1,
                              status_forcelist=[500, 502, 503, 504]),
        maxsize=10, cert_reqs="CERT_REQUIRED",
        ca_certs=os.environ.get("SSL_CERT_FILE") or certifi.where())


def _duration(expires: timedelta | int) -> timedelta:
    return expires if isinstance(expires, timedelta) else timedelta(seconds=expires)


@contextmanager
def _translated(bucket: str | None = None, key: str | None = None) -> Iterator[None]:
    """minio and urllib3 errors as the kit's errors."""
    where = f"{bucket}/{key}" if key else (bucket or "S3")
    try:
        yield
    except S3Error as error:
        raise _from_s3_error(error, where) from error
    except (urllib3.exceptions.HTTPError, ServerError, MinioException, OSError) as error:
        raise DependencyUnavailable(f"object storage unreachable: {error}") from error


def _from_s3_error(error: S3Error, where: str) -> Exception:
    if error.code in _MISSING:
        return NotFound(f"{where}: {error.message}")
    if error.code in _REFUSED_CREDENTIALS:
        return DependencyUnavailable(f"object storage refused our credentials: {error.code}")
    if error.code == "AccessDenied":
        # Either our key lacks a permission or object lock forbids the change.
        return Forbidden(f"{where}: {error.message}")
    if error.code in _CONFLICTS:
        return Conflict(f"{where}: {error.message}")
    if error.code in _REFUSED_PARTS:
        return InvalidInput(f"The upload's parts were refused: {error.message}",
                            errors={"parts": [f"{error.code}: {error.message}"]})
    return StorageRejected(f"{where}: {error.code}: {error.message}")
