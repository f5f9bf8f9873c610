"""Subscriptions and webhooks (see alerts/apps.py)."""
