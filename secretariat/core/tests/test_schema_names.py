"""The OpenAPI document names each schema by its class name: two classes of one name (in two
apps) become one component, and the document then describes one of the operations wrongly
(the consensus map's cells were shown as the heat map's, the comment reports' response as
the implementation reports')."""

import collections

import pydantic

from secretariat.config.api import api


def _subclasses(cls: type) -> list[type]:
    found = []
    for sub in cls.__subclasses__():
        found += [sub, *_subclasses(sub)]
    return found


def test_no_two_api_schemas_share_a_name():
    api.get_openapi_schema()  # every schema module imported
    modules_by_name = collections.defaultdict(set)
    for schema in _subclasses(pydantic.BaseModel):
        if schema.__module__.startswith("secretariat."):
            modules_by_name[schema.__name__].add(schema.__module__)
    shared = {name: sorted(mods) for name, mods in modules_by_name.items() if len(mods) > 1}
    assert shared == {}, f"rename one of each: {shared}"
