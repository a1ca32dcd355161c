"""Data workflows: idempotent seed data."""
