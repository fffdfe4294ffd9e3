"""NeurIPS proceedings page objects: year listings, abstract pages, per-paper metadata."""
