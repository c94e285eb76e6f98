"""Trade data: source readers with row validation, the warehouse, the demo world."""
