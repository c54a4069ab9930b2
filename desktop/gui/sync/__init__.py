"""USB sync screens: the office's Sync page and the province's Sync page."""
