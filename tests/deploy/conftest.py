"""Deployment tests: the `slow` marker for the ones that build and run the image."""


def pytest_configure(config) -> None:
    config.addinivalue_line("markers", "slow: builds and runs the container image (minutes)")
