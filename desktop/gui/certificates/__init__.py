"""The Certificates section: the list of issued certificates (search, workshop filter), opening,
printing, reprinting («المثنی») and revoking them, the Verify dialog, the office's certificate
settings (design with a preview, signatories, logo), and issuing from a workshop's Completion tab.
"""
