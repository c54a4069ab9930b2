"""Qt item models over the services (paged, loaded off the GUI thread)."""
