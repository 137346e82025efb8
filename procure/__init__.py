"""Procure's shared kit: configuration, database, events, tokens, errors, telemetry, CLI.

The kit knows no domain and never imports a service.
"""
