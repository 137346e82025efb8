"""The whole suite in one process: each service and the gateway on its own loopback port.

`procure up` runs it on embedded servers; the tests run it on real ones. Each part keeps
its production code path: the gateway forwards over HTTP, services verify tokens against
identity's JWKS, events go through each outbox and the bus.
"""
from __future__ import annotations

import logging
import os
import threading
from dataclasses import dataclass, field

from werkzeug.serving import BaseWSGIServer, make_server

from procure.components import GATEWAY, SERVICES, app_factory, worker_factory
from procure.config import DatabaseSettings, load_settings
from procure.migrations import migrate

log = logging.getLogger("procure.local")


class _LateApp:
    """Lets a server bind its port before the app, which needs to know every port, exists."""

    app = None

    def __call__(self, environ, start_response):
        return self.app(environ, start_response)


@dataclass
class _Listener:
    server: BaseWSGIServer
    late: _LateApp
    thread: threading.Thread | None = None

    @property
    def url(self) -> str:
        return f"http://{self.server.host}:{self.server.port}"


@dataclass
class LocalSuite:
    environ: dict[str, str]
    host: str = "127.0.0.1"
    gateway_port: int = 8000
    listeners: dict[str, _Listener] = field(default_factory=dict)
    apps: dict = field(default_factory=dict)
    workers: dict = field(default_factory=dict)

    @property
    def gateway_url(self) -> str:
        return self.listeners[GATEWAY].url

    def service_url(self, name: str) -> str:
        return self.listeners[name].url

    def start(self) -> "LocalSuite":
        self._bind()
        # Each part reads its settings from the environment once, at creation, exactly as
        # in production; the process's environment is given back afterwards untouched.
        saved = dict(os.environ)
        os.environ.update(self._wiring_environ())
        try:
            self._create_parts()
        finally:
            os.environ.clear()
            os.environ.update(saved)
        for name, listener in self.listeners.items():
            listener.thread = threading.Thread(target=listener.server.serve_forever, name=f"http-{name}",
                                               kwargs={"poll_interval": 0.2}, daemon=True)
            listener.thread.start()
        return self

    def _create_parts(self) -> None:
        self.migrate()
        for name in SERVICES:
            self.apps[name] = self.listeners[name].late.app = app_factory(name)()
            self.workers[name] = worker_factory(name)().start()
        self.apps[GATEWAY] = self.listeners[GATEWAY].late.app = app_factory(GATEWAY)()

    def migrate(self) -> None:
        settings = load_settings(DatabaseSettings)
        for name in SERVICES:
            migrate(name, settings.service_database_url(name))

    def stop(self) -> None:
        for listener in self.listeners.values():
            if listener.thread is not None:
                listener.server.shutdown()
            listener.server.server_close()
        for worker in self.workers.values():
            worker.stop()
        log.info("the suite has stopped")

    def _bind(self) -> None:
        for name, port in [(GATEWAY, self.gateway_port), *((name, 0) for name in SERVICES)]:
            late = _LateApp()
            self.listeners[name] = _Listener(make_server(self.host, port, late, threaded=True), late)

    def _wiring_environ(self) -> dict[str, str]:
        wiring = {f"PROCURE_{name.upper()}_URL": self.listeners[name].url for name in SERVICES}
        wiring["PROCURE_ISSUER"] = self.environ.get("PROCURE_ISSUER") or self.gateway_url
        wiring["PROCURE_JWKS_URL"] = f"{self.listeners['identity'].url}/.well-known/jwks.json"
        return {**self.environ, **wiring}
