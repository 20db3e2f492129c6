"""Django's Redis cache, with one `redis.Redis` client a pool instead of one an operation.

Django's `RedisCacheClient.get_client` builds a new `redis.Redis` for every cache operation;
building one fills its table of response callbacks (some 170 entries), which cost about as much
as the operation's own round trip (measured: a login makes five cache operations, a page three;
issue 15). A `redis.Redis` is safe to share between threads (each command takes a connection
from the pool), so one is kept for each pool.
"""

from __future__ import annotations

from django.core.cache.backends.redis import RedisCache as DjangoRedisCache
from django.core.cache.backends.redis import RedisCacheClient


class ReusedClientRedisCacheClient(RedisCacheClient):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self._clients = {}

    def get_client(self, key=None, *, write=False):
        pool = self._get_connection_pool(write)
        client = self._clients.get(id(pool))
        if client is None:
            client = self._clients[id(pool)] = self._client(connection_pool=pool)
        return client


class RedisCache(DjangoRedisCache):
    def __init__(self, server, params):
        super().__init__(server, params)
        self._class = ReusedClientRedisCacheClient
