package io.outputcache.store;

/**
 * The Lua scripts of {@link RedisPageStore}. Each touches exactly one key, so that none can meet a CROSSSLOT
 * refusal on Redis Cluster. Times come from the server ({@code TIME}), never from a node's clock: on a cluster
 * each key lives by the clock of the master that holds it, and a script only ever compares times of one master.
 * Numbers go back to Redis through {@code string.format('%.0f')}: Lua would print a 16-digit number with an
 * exponent, which Redis would not read as an integer.
 */
final class RedisScripts {
    private RedisScripts() {
    }

    /**
     * Before any write that follows {@code TIME}: Redis 7 replicates a script by its effects anyway; Redis 5 and 6
     * do so by default but accept the call, which makes it so whatever the server's setting.
     */
    private static final String EFFECTS = "if redis.replicate_commands then redis.replicate_commands() end ";

    private static final String NOW_MS = "local t = redis.call('TIME') "
            + "local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000) ";

    /**
     * Earlier versions wrote the tag index {@code t:<tag>} as a SET of entry keys: turn one into the sorted set
     * written now, each member kept until the old set would have expired (its TTL was its longest
     * member's). A key of any other type under our name is not ours to read: dropped, so that tags work again.
     */
    private static final String MIGRATE = "local kind = redis.call('TYPE', KEYS[1]).ok "
            + "if kind == 'set' then "
            + "  local old = redis.call('SMEMBERS', KEYS[1]) "
            + "  local left = redis.call('PTTL', KEYS[1]) "
            + "  redis.call('DEL', KEYS[1]) "
            + "  if left > 0 then "
            + "    for i = 1, #old do redis.call('ZADD', KEYS[1], string.format('%.0f', now + left), old[i]) end "
            + "    redis.call('PEXPIRE', KEYS[1], left) "
            + "  end "
            + "elseif kind ~= 'zset' and kind ~= 'none' then "
            + "  redis.call('DEL', KEYS[1]) "
            + "end ";

    /**
     * Raises the invalidation epoch {@code e}: one more than before, and never below the server's time in
     * microseconds, so that the epoch keeps growing even after its key expired (or was evicted) and was made
     * again. KEYS[1] the epoch key; ARGV[1] its TTL in ms. Returns the new epoch.
     */
    static final String EPOCH_BUMP = EFFECTS
            + "local t = redis.call('TIME') "
            + "local now = tonumber(t[1]) * 1000000 + tonumber(t[2]) "
            + "local e = tonumber(redis.call('GET', KEYS[1]) or '0') + 1 "
            + "if now > e then e = now end "
            + "redis.call('SET', KEYS[1], string.format('%.0f', e), 'PX', ARGV[1]) "
            + "return e";

    /**
     * Adds an entry key to a tag index and answers the tag's invalidation mark. The index is a sorted set of entry
     * keys scored by the time (server ms) their entry expires; members already expired are dropped whenever the
     * index is touched, so that it holds no more than the live entries of the tag. The member {@code ''} is the
     * mark: the epoch of the tag's last invalidation, kept while the index lives. A member never loses time (the
     * score is the later of old and new), and the index lives as long as its longest member.
     * KEYS[1] the index; ARGV[1] the entry key; ARGV[2] the entry's TTL in ms. Returns the mark, or 0.
     */
    static final String TAG_ADD = EFFECTS + NOW_MS + MIGRATE
            + "local mark = redis.call('ZSCORE', KEYS[1], '') "
            + "redis.call('ZREMRANGEBYSCORE', KEYS[1], '-inf', now) "
            + "if mark then redis.call('ZADD', KEYS[1], mark, '') end "
            + "local ttl = tonumber(ARGV[2]) "
            + "local expires = now + ttl "
            + "local held = redis.call('ZSCORE', KEYS[1], ARGV[1]) "
            + "if not held or tonumber(held) < expires then "
            + "  redis.call('ZADD', KEYS[1], string.format('%.0f', expires), ARGV[1]) "
            + "end "
            + "if redis.call('PTTL', KEYS[1]) < ttl then redis.call('PEXPIRE', KEYS[1], ttl) end "
            + "return mark and tonumber(mark) or 0";

    /**
     * Takes the live members of a tag index and leaves only the mark of this invalidation, in one step: a member
     * added before is taken (and its entry deleted by the caller), one added after finds the mark and withdraws
     * its entry itself. The mark is the later of the old one and this epoch, so that two invalidations finishing
     * in either order leave the later epoch; it lives at least ARGV[2] ms (the longest a render may take).
     * KEYS[1] the index; ARGV[1] the epoch of this invalidation; ARGV[2] the mark's TTL in ms. Returns the keys.
     */
    static final String TAG_TAKE = EFFECTS + NOW_MS
            + "local kind = redis.call('TYPE', KEYS[1]).ok "
            + "local members = {} "
            + "local mark = tonumber(ARGV[1]) "
            + "if kind == 'zset' then "
            + "  local held = redis.call('ZSCORE', KEYS[1], '') "
            + "  if held and tonumber(held) > mark then mark = tonumber(held) end "
            + "  for _, m in ipairs(redis.call('ZRANGEBYSCORE', KEYS[1], now, '+inf')) do "
            + "    if m ~= '' then members[#members + 1] = m end "
            + "  end "
            + "elseif kind == 'set' then "
            + "  members = redis.call('SMEMBERS', KEYS[1]) "
            + "end "
            + "redis.call('DEL', KEYS[1]) "
            + "redis.call('ZADD', KEYS[1], string.format('%.0f', mark), '') "
            + "redis.call('PEXPIRE', KEYS[1], ARGV[2]) "
            + "return members";

    /**
     * Raises a mark held in a string key (the clear mark {@code c}) to at least ARGV[1], for at least ARGV[2] ms.
     * KEYS[1] the mark key.
     */
    static final String MARK_RAISE = "local held = tonumber(redis.call('GET', KEYS[1]) or '0') "
            + "local mark = tonumber(ARGV[1]) "
            + "if held > mark then mark = held end "
            + "local left = redis.call('PTTL', KEYS[1]) "
            + "local ttl = tonumber(ARGV[2]) "
            + "if left > ttl then ttl = left end "
            + "redis.call('SET', KEYS[1], string.format('%.0f', mark), 'PX', ttl) "
            + "return 1";
}
