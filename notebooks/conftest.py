# The notebook sources are scripts that run whole analyses and draw figures; they are executed
# as notebooks by tests/test_notebooks.py, never imported by pytest's doctest collection.
collect_ignore_glob = ["src/*.py"]
