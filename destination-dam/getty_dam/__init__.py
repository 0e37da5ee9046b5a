"""Core of destination-dam: map Getty records to IPTC/PLUS/ninjs and write them to a DAM."""

from .config import CONFIG_SCHEMA, DamConfig
from .errors import BadRecord, ConfigError, DamError, WriteFailed
from .loader import DamLoader
from .records import STREAMS

__all__ = [
    "CONFIG_SCHEMA",
    "STREAMS",
    "BadRecord",
    "ConfigError",
    "DamConfig",
    "DamError",
    "DamLoader",
    "WriteFailed",
]
