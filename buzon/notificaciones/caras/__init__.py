"""Faces: the API and the pages (particular and officials) and how a notification is shown."""
