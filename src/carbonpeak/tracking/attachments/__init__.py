"""Evidence attachments (佐证材料) of progress reports: ``service.py`` (stored files and their
rows) → ``api.py``."""
