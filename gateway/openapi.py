"""`/openapi.json`: one OpenAPI 3.1 document for the whole suite, merged from every service's own.

Each service's component names are prefixed with the service's name (`Notice` of the
notices service becomes `NoticesNotice`) and every `$ref` is rewritten to match, so two
services may both have a `Notice` or an `Error` without colliding.
"""
from __future__ import annotations

import json
import logging
import threading
import time

from flask import Flask, Response

from gateway.upstreams import Upstreams

log = logging.getLogger("procure.gateway.openapi")
FETCH_TIMEOUT_SECONDS = 5.0
# When a service is missing, look again sooner than the full cache time.
INCOMPLETE_CACHE_SECONDS = 5.0
_COMPONENTS_REF = "#/components/"
# Security schemes are named in `security` requirements, not by $ref: they stay shared.
_SHARED_SECTIONS = frozenset({"securitySchemes"})
BEARER = {"type": "http", "scheme": "bearer", "bearerFormat": "JWT"}


class ApiCatalogue:
    """The merged document, fetched from the services at most once per cache period."""

    def __init__(self, upstreams: Upstreams, cache_seconds: float):
        self._upstreams = upstreams
        self._cache_seconds = cache_seconds
        self._lock = threading.Lock()
        self._body: bytes | None = None
        self._expires = float("-inf")

    def body(self) -> bytes:
        with self._lock:  # one fetch at a time; the others wait for its result
            if time.monotonic() >= self._expires or self._body is None:
                document = merge(self._fetch_all())
                self._body = json.dumps(document).encode()
                fresh_for = INCOMPLETE_CACHE_SECONDS if document["x-procure-unavailable"] else self._cache_seconds
                self._expires = time.monotonic() + min(fresh_for, self._cache_seconds)
            return self._body

    def _fetch_all(self) -> dict[str, dict | None]:
        documents = {}
        for name, outcome in self._upstreams.probe_all("/openapi.json", read_timeout=FETCH_TIMEOUT_SECONDS).items():
            documents[name] = _document_from(name, outcome)
        return documents


def install_openapi(app: Flask, catalogue: ApiCatalogue) -> None:
    @app.get("/openapi.json")
    def openapi_document():
        return Response(catalogue.body(), mimetype="application/json")


def merge(documents: dict[str, dict | None]) -> dict:
    """One document from each service's (None for a service that did not answer)."""
    unavailable = sorted(name for name, document in documents.items() if document is None)
    merged = {"openapi": "3.1.0", "info": _info(unavailable), "servers": [{"url": "/"}], "paths": {},
              "components": {"securitySchemes": {"bearer": dict(BEARER)}}, "tags": [],
              "x-procure-unavailable": unavailable}
    for name, document in documents.items():
        if document is not None:
            _add_service(merged, name, prefixed(name, document))
    return merged


def prefixed(service: str, document: dict) -> dict:
    """The service's document with its component names prefixed and every $ref following them."""
    prefix = service[:1].upper() + service[1:]
    components = document.get("components") or {}
    renamed = {section: (entries if section in _SHARED_SECTIONS
                         else {prefix + name: entry for name, entry in entries.items()})
               for section, entries in components.items() if isinstance(entries, dict)}
    return _rewrite_refs({**document, "components": renamed}, prefix)


def _rewrite_refs(node, prefix: str):
    if isinstance(node, list):
        return [_rewrite_refs(item, prefix) for item in node]
    if not isinstance(node, dict):
        return node
    rewritten = {}
    for key, value in node.items():
        if key == "$ref" and isinstance(value, str):
            rewritten[key] = _renamed_ref(value, prefix)
        elif key == "mapping" and isinstance(value, dict):  # discriminator mappings hold refs as values
            rewritten[key] = {k: _renamed_ref(v, prefix) if isinstance(v, str) else v for k, v in value.items()}
        else:
            rewritten[key] = _rewrite_refs(value, prefix)
    return rewritten


def _renamed_ref(ref: str, prefix: str) -> str:
    if not ref.startswith(_COMPONENTS_REF):
        return ref  # a ref inside the same object or to another document: nothing to rename
    parts = ref.split("/")
    if len(parts) < 4 or parts[2] in _SHARED_SECTIONS:
        return ref
    parts[3] = prefix + parts[3]
    return "/".join(parts)


def _add_service(merged: dict, name: str, document: dict) -> None:
    for path, item in (document.get("paths") or {}).items():
        if path in merged["paths"]:
            log.warning("openapi: %s also documents %s; the first service's description is kept", name, path)
            continue
        merged["paths"][path] = item
    for section, entries in (document.get("components") or {}).items():
        target = merged["components"].setdefault(section, {})
        if section in _SHARED_SECTIONS:
            for scheme, definition in entries.items():
                target.setdefault(scheme, definition)  # the gateway's bearer scheme wins
        else:
            target.update(entries)  # already prefixed: no two services can collide
    known_tags = {tag.get("name") for tag in merged["tags"]}
    merged["tags"].extend(tag for tag in document.get("tags") or []
                          if isinstance(tag, dict) and tag.get("name") not in known_tags)


def _info(unavailable: list[str]) -> dict:
    description = "Every service of the Procure suite, behind one gateway."
    if unavailable:
        description += (" Not included because they did not answer: " + ", ".join(unavailable)
                        + "; reload in a few seconds.")
    return {"title": "Procure API", "version": "v1", "description": description}


def _document_from(name: str, outcome) -> dict | None:
    if isinstance(outcome, Exception):
        log.warning("openapi: the %s service did not answer: %s", name, outcome)
        return None
    if outcome.status != 200:
        log.warning("openapi: the %s service answered %s", name, outcome.status)
        return None
    try:
        document = json.loads(outcome.data)
    except ValueError:
        log.warning("openapi: the %s service's document is not JSON", name)
        return None
    return document if isinstance(document, dict) and isinstance(document.get("paths"), dict) else None
