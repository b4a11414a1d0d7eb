import pytest

from secretariat.registry.tests.factories import OrganisationFactory


@pytest.fixture
def sc42(db):  # type: ignore[no-untyped-def]
    return OrganisationFactory(slug="iso-iec-jtc1-sc42", acronym="SC 42", kind="standards_body")
