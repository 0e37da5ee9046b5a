"""Fixtures for target-erp: start building Tryton's test database while other tests run."""

from getty_erp.testing import tryton_server

tryton_server.prepare_in_background()
