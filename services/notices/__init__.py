"""Calls for tender and every other notice: drafting, publication, reads."""
