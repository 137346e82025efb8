"""Alerts domain: plain Python."""
