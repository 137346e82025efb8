"""The suite's parts by name, found by import path so that the kit never imports a service."""
from __future__ import annotations

import importlib
from typing import Callable

SERVICES = ("identity", "notices", "documents", "bids", "alerts")
GATEWAY = "gateway"


def _module(part: str, kind: str):
    if part == GATEWAY and kind == "app":
        return importlib.import_module("gateway.app")
    if part not in SERVICES:
        raise ValueError(f"unknown part {part!r}; choose one of {', '.join((GATEWAY, *SERVICES))}")
    return importlib.import_module(f"services.{part}.{kind}")


def app_factory(part: str) -> Callable:
    """`create_app(config=None, *, tracer_provider=None, ...)` of a service or of the gateway."""
    return _module(part, "app").create_app


def worker_factory(service: str) -> Callable:
    """`create_worker(config=None, *, tracer_provider=None)`: its outbox relay and consumers."""
    return _module(service, "worker").create_worker


def wsgi_target(part: str) -> str:
    """What gunicorn is given to serve one part."""
    module = "gateway.app" if part == GATEWAY else f"services.{part}.app"
    _module(part, "app")
    return f"{module}:create_app()"
