"""Stock-out risk (key 8): every SKU-location, most urgent first, and one SKU's stock plot."""
