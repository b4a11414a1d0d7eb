"""The bundled Akoma Ntoso 3.0 schema, compiled once per process. Exports are tested against
it and imports are validated with it before anything is read from them."""

from functools import lru_cache
from pathlib import Path

from lxml import etree

SCHEMA_DIR = Path(__file__).resolve().parent / "schemas" / "akn"


@lru_cache(maxsize=1)
def akn_schema() -> etree.XMLSchema:
    # The schema imports xml.xsd beside it; nothing may be fetched from the network.
    parser = etree.XMLParser(no_network=True, resolve_entities=False)
    return etree.XMLSchema(etree.parse(str(SCHEMA_DIR / "akomantoso30.xsd"), parser))
