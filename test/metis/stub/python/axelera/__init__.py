# A stand-in for the Voyager SDK's `axelera` package, for tests of resources/metis/compile.py only (the SDK is not on
# our machines). See compiler/__init__.py.
