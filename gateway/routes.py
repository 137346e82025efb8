"""Which service answers which path: `/v1/<service>/...` and identity's discovery documents."""
from __future__ import annotations

from flask import Flask

from gateway.proxy import Proxy
from procure.config import SERVICES

# OPTIONS is left to Flask, which answers it at the gateway: that is where CORS preflights
# must be answered, without a token and without a trip to a service.
FORWARDED_METHODS = ["GET", "HEAD", "POST", "PUT", "PATCH", "DELETE"]
WELL_KNOWN = ("/.well-known/jwks.json", "/.well-known/openid-configuration")


def install_routes(app: Flask, proxy: Proxy) -> None:
    # The gateway relays paths as written: no 308 from //-merging or slash-adding.
    app.url_map.merge_slashes = False
    for service in SERVICES:
        rules = (f"/v1/{service}", f"/v1/{service}/", f"/v1/{service}/<path:rest>")
        for number, rule in enumerate(rules):
            # One endpoint per rule: rules sharing an endpoint and defaults make werkzeug
            # redirect between them.
            app.add_url_rule(rule, f"forward_{service}_{number}", proxy.forward,
                             methods=FORWARDED_METHODS, defaults={"service": service})
    for number, path in enumerate(WELL_KNOWN):
        app.add_url_rule(path, f"well_known_{number}", proxy.forward, methods=["GET"],
                         defaults={"service": "identity"})
