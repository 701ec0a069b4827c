"""Neutral helpers shared by every package of the project.

The layers, bottom to top::

    libdigigov                 (imports none of the packages below)
    fsqca      geodetector     (engines: import libdigigov only, never each other)
    indicators                 (imports libdigigov and the engines)
    digigov                    (the study pipeline: may import everything)

``libdigigov`` holds what several packages need and what belongs to none of them: CJK fonts
for matplotlib (:mod:`libdigigov.fonts`), atomic file writing and JSON cleaning
(:mod:`libdigigov.io`).
"""
