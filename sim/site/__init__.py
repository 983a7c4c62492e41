"""Site generators: build the Markdown fragments and images the playbook pages include.

Run with `python -m sim.site` before `mkdocs build`; generation never happens inside the
build (no hooks, no gen-files), so the site stays portable to other engines.
"""
