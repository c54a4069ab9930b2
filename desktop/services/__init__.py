"""Use cases: the only way anything writes. Services take and return plain data or detached rows
and raise domain errors with translatable messages."""
