"""Output: an inventory as JSON-ready tables (``report``, the shape the CLI's ``--json`` and the
API give) and as an Excel workbook (``export_xlsx``); the export endpoint and command."""
