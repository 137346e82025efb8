"""Flask side of the kit: app factory, problem documents, tokens on requests, health."""
