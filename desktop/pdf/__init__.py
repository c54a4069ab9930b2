"""PDF helpers shared by certificates, attendance sheets and reports.

- :mod:`desktop.pdf.fonts`: registers the bundled Vazirmatn fonts with ReportLab (once).
- :mod:`desktop.pdf.persian`: Persian shaping, right-to-left reordering, wrapping and drawing
  helpers for a ReportLab canvas. ReportLab's own RTL support is not usable (see
  ``/work/shared/design/persian-text.md``), so every Persian string goes through this module.
"""
