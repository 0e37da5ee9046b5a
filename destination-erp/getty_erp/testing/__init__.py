"""Test support: a real trytond server started from the repository's tryton environment."""
