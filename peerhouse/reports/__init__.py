"""PDF documents built with reportlab. No Qt here: the CLI and tests build them headless."""
