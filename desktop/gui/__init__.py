"""The Qt Widgets interface. Talks to services only, never to SQL."""
