"""Lifecycle after issuing: cancellation, retention, recomputation when the calendar changes."""
