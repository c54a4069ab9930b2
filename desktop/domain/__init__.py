"""Pure domain rules: no Qt, no database, nothing of ours imported from outside this package."""
