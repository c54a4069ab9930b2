"""Where this computer wrote each certificate's own PDF: moved to the core
(:mod:`desktop.certificates.locations`) so certificates issued from the command line are
remembered too; kept here for the GUI's imports."""

from __future__ import annotations

from desktop.certificates.locations import file_of, index_path, remember

__all__ = ["file_of", "index_path", "remember"]
