"""The tool's version, on its own so that low layers (history rows, scripts) need not import the
package's public face."""

__version__ = "0.2.0.dev0"
