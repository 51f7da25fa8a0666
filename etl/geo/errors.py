"""The one error type of the geodata build: names the file, the feature and the problem."""

from __future__ import annotations


class GeodataError(Exception):
    """Bad input that stops the build before any output is replaced."""

    def __init__(self, file: str, feature: str, problem: str) -> None:
        self.file, self.feature, self.problem = file, feature, problem
        super().__init__(f"{file}: {feature}: {problem}")
