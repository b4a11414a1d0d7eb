"""Live-map events carry rows of the consensus map (positions): a site must never hear another
site's events. Pub/sub ignores Redis's database index, which is how two sites on one Redis
server keep their caches apart, so the channels' default prefix names it too."""

from secretariat.config.settings.base import live_channel_prefix


def test_sites_on_other_redis_databases_hear_only_their_own_events():
    production = live_channel_prefix("redis://cache:6379/0", "secretariat")
    staging = live_channel_prefix("redis://cache:6379/1", "secretariat")
    assert production != staging


def test_sites_with_their_own_cache_prefix_hear_only_their_own_events():
    one = live_channel_prefix("redis://cache:6379/0", "site-a")
    other = live_channel_prefix("redis://cache:6379/0", "site-b")
    assert one != other


def test_a_redis_url_without_a_database_is_database_zero():
    assert live_channel_prefix("redis://cache:6379", "s") == live_channel_prefix(
        "redis://cache:6379/0", "s"
    )
