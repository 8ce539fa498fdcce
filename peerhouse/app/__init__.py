"""The application layer: what the windows and the command line ask of the records.

Qt-free, between them and the services: opening the records (`records`), operations
(`ops`) that run services in one unit of work and say what changed (`changes`), one
pipeline per report (`reports`), the loaders of screens that read from several services
in one unit (`today`, `resident_page`), and the signed-in person's `workspace`. The windows
and the command line use it rather than assembling the same pieces twice.
"""
