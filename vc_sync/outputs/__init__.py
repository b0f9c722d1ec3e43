"""Where attendance is written: a local workbook or the shared Google Sheet, same layout."""
