"""Bids domain: plain Python."""
