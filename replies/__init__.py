"""The reply layer: texts, rendering, keyboards and callback data, below the handlers."""
