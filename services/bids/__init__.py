"""Sealed bids: intake, sealing, opening by committee, evaluation, award."""
