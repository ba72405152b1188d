import pytest


@pytest.fixture(autouse=True)
def upload_dir(settings, tmp_path):
    """Uploads waiting for confirmation go to a fresh directory per test."""
    settings.INDICATORS_UPLOAD_DIR = tmp_path / "uploads"
    return settings.INDICATORS_UPLOAD_DIR
