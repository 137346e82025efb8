"""`/docs`: Swagger UI on the merged document, its assets served from the installed package.

No CDN: deployments may be offline, and the page must not load code from elsewhere.
"""
from __future__ import annotations

import json
from html import escape

from flask import Flask, Response, send_from_directory, url_for
from swagger_ui_bundle import swagger_ui_path

ASSET_MAX_AGE_SECONDS = 24 * 3600

_PAGE = """<!DOCTYPE html>
<html lang="en">
<head>
  <meta charset="utf-8">
  <title>Procure API</title>
  <link rel="stylesheet" href="{css}">
  <link rel="icon" type="image/png" href="{icon}">
</head>
<body>
  <div id="swagger-ui"></div>
  <script src="{bundle}"></script>
  <script src="{preset}"></script>
  <script>
    window.ui = SwaggerUIBundle({{
      url: {spec}, dom_id: "#swagger-ui", deepLinking: true, persistAuthorization: true,
      presets: [SwaggerUIBundle.presets.apis, SwaggerUIStandalonePreset],
      layout: "StandaloneLayout"
    }});
  </script>
</body>
</html>
"""


def install_docs(app: Flask) -> None:
    assets = str(swagger_ui_path)

    @app.get("/docs")
    def docs_page():
        def asset(name: str) -> str:
            return escape(url_for("docs_asset", name=name))
        page = _PAGE.format(css=asset("swagger-ui.css"), icon=asset("favicon-32x32.png"),
                            bundle=asset("swagger-ui-bundle.js"), preset=asset("swagger-ui-standalone-preset.js"),
                            spec=json.dumps(url_for("openapi_document")))
        return Response(page, mimetype="text/html")

    @app.get("/docs/assets/<path:name>")
    def docs_asset(name: str):
        return send_from_directory(assets, name, max_age=ASSET_MAX_AGE_SECONDS)
