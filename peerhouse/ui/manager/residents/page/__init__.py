"""One resident's page: the header and its tabs."""
