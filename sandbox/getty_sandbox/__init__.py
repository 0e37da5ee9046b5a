"""getty-sandbox: a faithful local emulator of the Getty Images API v3 account endpoints."""

from .auth import Credentials
from .faults import FaultSettings
from .server import Sandbox, SandboxServer
from .world import SCALES, Scale, World

__all__ = ["SCALES", "Credentials", "FaultSettings", "Sandbox", "SandboxServer", "Scale", "World"]
