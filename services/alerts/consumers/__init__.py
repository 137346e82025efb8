"""Event handlers, one module per producing service."""
