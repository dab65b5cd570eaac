"""Use cases. One call = one transaction + its audit entries; errors carry a Dutch message."""
