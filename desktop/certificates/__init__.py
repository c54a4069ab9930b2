"""Completion certificates (گواهی‌نامه پایان دوره): serials, signed QR payloads, templates, PDFs.

- :mod:`~desktop.certificates.serials`: ``URM01-1403-000042`` serials, allocated per office and
  Jalali year in the transaction that records the certificate.
- :mod:`~desktop.certificates.payload`: the compact signed text in the QR code, and offline
  verification against the keyring (valid / forged / revoked / unknown office).
- :mod:`~desktop.certificates.templates`: certificate designs, data in
  ``resources/certificates/*.json``.
- :mod:`~desktop.certificates.render`: ReportLab rendering (Persian via :mod:`desktop.pdf`).
- :mod:`~desktop.certificates.files`: safe certificate file names.

The use cases (eligibility, issuing, reprint, revoke, verify, settings) are in
:mod:`desktop.services.certificates`.
"""
