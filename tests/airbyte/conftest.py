"""Shared by every test folder of the airbyte environment."""

from __future__ import annotations

import logging

import pytest


@pytest.fixture(autouse=True)
def restore_airbyte_loggers():
    """Undo what a test did to the "airbyte" loggers (the CDK's and PyAirbyte's).

    PyAirbyte sets level INFO, `propagate = False` and file handlers on "airbyte",
    "airbyte.stats" and "airbyte.<connector>" the first time it reads; later tests in the same
    process would then capture no CDK log (caplog listens on the root logger).
    """
    logging.getLogger("airbyte")  # exists from here on, so it is saved below
    saved = {
        name: (logger.level, logger.propagate, list(logger.handlers))
        for name, logger in list(logging.Logger.manager.loggerDict.items())
        if isinstance(logger, logging.Logger) and (name == "airbyte" or name.startswith("airbyte."))
    }
    yield
    for name, logger in list(logging.Logger.manager.loggerDict.items()):
        if not isinstance(logger, logging.Logger):
            continue
        if name in saved:
            level, propagate, handlers = saved[name]
            logger.setLevel(level)
            logger.propagate = propagate
            logger.handlers[:] = handlers
        elif name.startswith("airbyte."):  # created during the test: let it reach caplog again
            logger.propagate = True
