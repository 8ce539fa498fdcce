"""Reports: choosing a report, previewing, saving and printing it."""
