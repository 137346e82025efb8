"""ObjectStorage when the S3 server is not there: a readiness probe must fail fast, not hang."""
from __future__ import annotations

import socket
import time
from types import SimpleNamespace

import pytest
from pydantic import SecretStr

from procure.config import ConfigurationError
from procure.embedded.ports import free_port
from procure.errors import DependencyUnavailable
from procure.storage import ObjectStorage, storage_from_settings

pytestmark = pytest.mark.integration


def test_ping_on_a_closed_port_raises_dependency_unavailable_quickly():
    storage = ObjectStorage(f"127.0.0.1:{free_port()}", "key", "secret", secure=False)
    started = time.monotonic()
    with pytest.raises(DependencyUnavailable):
        storage.ping()
    assert time.monotonic() - started < 5


def test_a_server_that_never_answers_times_out():
    with socket.create_server(("127.0.0.1", 0)) as silent:  # accepts connections, never replies
        storage = ObjectStorage(f"127.0.0.1:{silent.getsockname()[1]}", "key", "secret", secure=False,
                                read_timeout=0.5)
        started = time.monotonic()
        with pytest.raises(DependencyUnavailable):
            storage.put_bytes("bucket", "key", b"data")
        assert time.monotonic() - started < 5


def test_storage_from_settings_reads_secret_values():
    settings = SimpleNamespace(s3_endpoint="127.0.0.1:9", s3_access_key=SecretStr("key"),
                               s3_secret_key=SecretStr("secret"), s3_secure=False)
    storage = storage_from_settings(settings)
    assert storage.endpoint == "127.0.0.1:9"
    with pytest.raises(DependencyUnavailable):
        storage.ping()


def test_storage_from_settings_without_an_endpoint_is_a_configuration_error():
    settings = SimpleNamespace(s3_endpoint=None, s3_access_key=None, s3_secret_key=None, s3_secure=True)
    with pytest.raises(ConfigurationError):
        storage_from_settings(settings)
