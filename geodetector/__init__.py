"""geodetector."""
