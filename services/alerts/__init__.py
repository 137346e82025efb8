"""Subscriptions and alerts: matching published notices to the companies they concern."""
