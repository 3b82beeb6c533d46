namespace Lightning.Collaboration.Redis;

/// <summary>
/// The Lua scripts of the bus: each step that touches more than one key runs as one script, so it is atomic and, with
/// <c>appendfsync always</c>, durable when the reply arrives. Stream entries have the fields <c>i</c> (message id),
/// <c>m</c> (the message as published, JSON), <c>a</c> (earlier deliveries) and <c>h</c> (history, a JSON array); the
/// message JSON is never rewritten here, only <c>a</c> and <c>h</c> change. Every settlement first XACKs: only the one
/// XACK that returns 1 moves the entry on, so a late settlement after a lease expired (or the reverse) is a no-op.
/// Broadcast and the delayed-retry mover reach keys they compute (agents' streams, retry hashes): fine on one server,
/// not cluster-safe.
/// </summary>
internal static class RedisBusScripts
{
    /// <summary>KEYS: dedupe, agents set, target stream. ARGV: ttl seconds, id, message, 'broadcast'|'direct', agent stream prefix, band suffix.</summary>
    public const string Publish = """
        if not redis.call('SET', KEYS[1], '1', 'NX', 'EX', ARGV[1]) then return 0 end
        if ARGV[4] == 'broadcast' then
          for _, agent in ipairs(redis.call('SMEMBERS', KEYS[2])) do
            redis.call('XADD', ARGV[5] .. agent .. ARGV[6], '*', 'i', ARGV[2], 'm', ARGV[3], 'a', '0', 'h', '[]')
          end
        else
          redis.call('XADD', KEYS[3], '*', 'i', ARGV[2], 'm', ARGV[3], 'a', '0', 'h', '[]')
        end
        return 1
        """;

    /// <summary>KEYS: streams. ARGV: group of each stream, in order. Creates missing groups from the start of the stream.</summary>
    public const string CreateGroups = """
        for i, key in ipairs(KEYS) do
          redis.pcall('XGROUP', 'CREATE', key, ARGV[i], '0', 'MKSTREAM')
        end
        return #KEYS
        """;

    /// <summary>
    /// KEYS: streams, highest priority first. ARGV: consumer, the group of each stream, then how many entries to take.
    /// Reads up to that many from the first stream that has any (never mixing bands, so priority holds). Returns
    /// {stream, {{id, fields}, ...}} or nil.
    /// </summary>
    public const string ReadNext = """
        local count = tonumber(ARGV[#KEYS + 2])
        for i, key in ipairs(KEYS) do
          local r = redis.call('XREADGROUP', 'GROUP', ARGV[i + 1], ARGV[1], 'COUNT', count, 'STREAMS', key, '>')
          if r and r[1] and r[1][2][1] then
            return {key, r[1][2]}
          end
        end
        return false
        """;

    /// <summary>
    /// KEYS: stream. ARGV: group, entry id, message id, message, attempt, history. Gives back an entry read ahead but
    /// never handed out: off this consumer's pending list, onto its stream again as it was, for any consumer.
    /// </summary>
    public const string Return = """
        if redis.call('XACK', KEYS[1], ARGV[1], ARGV[2]) ~= 1 then return 0 end
        redis.call('XDEL', KEYS[1], ARGV[2])
        redis.call('XADD', KEYS[1], '*', 'i', ARGV[3], 'm', ARGV[4], 'a', ARGV[5], 'h', ARGV[6])
        return 1
        """;

    /// <summary>KEYS: stream. ARGV: group, entry id.</summary>
    public const string Ack = """
        if redis.call('XACK', KEYS[1], ARGV[1], ARGV[2]) ~= 1 then return 0 end
        redis.call('XDEL', KEYS[1], ARGV[2])
        return 1
        """;

    /// <summary>KEYS: stream, delayed zset, retry hash. ARGV: group, entry id, due ms, token, message id, message, attempt, history.</summary>
    public const string Retry = """
        if redis.call('XACK', KEYS[1], ARGV[1], ARGV[2]) ~= 1 then return 0 end
        redis.call('XDEL', KEYS[1], ARGV[2])
        redis.call('HSET', KEYS[3], 'k', KEYS[1], 'i', ARGV[5], 'm', ARGV[6], 'a', ARGV[7], 'h', ARGV[8])
        redis.call('ZADD', KEYS[2], ARGV[3], ARGV[4])
        return 1
        """;

    /// <summary>KEYS: stream, dead-letter stream, dead-letter index. ARGV: group, entry id, message id, message, attempt, history, reason, dead-at ms.</summary>
    public const string DeadLetter = """
        if redis.call('XACK', KEYS[1], ARGV[1], ARGV[2]) ~= 1 then return 0 end
        redis.call('XDEL', KEYS[1], ARGV[2])
        local dead = redis.call('XADD', KEYS[2], '*', 'i', ARGV[3], 'm', ARGV[4], 'a', ARGV[5], 'h', ARGV[6], 'r', ARGV[7], 't', ARGV[8], 'k', KEYS[1])
        redis.call('HSET', KEYS[3], ARGV[3], dead)
        return 1
        """;

    /// <summary>KEYS: delayed zset. ARGV: now ms, batch size, retry hash prefix. Moves due retries back to their streams.</summary>
    public const string MoveDue = """
        local due = redis.call('ZRANGEBYSCORE', KEYS[1], '-inf', ARGV[1], 'LIMIT', 0, tonumber(ARGV[2]))
        for _, token in ipairs(due) do
          local key = ARGV[3] .. token
          local e = redis.call('HMGET', key, 'k', 'i', 'm', 'a', 'h')
          if e[1] then
            redis.call('XADD', e[1], '*', 'i', e[2], 'm', e[3], 'a', e[4], 'h', e[5])
          end
          redis.call('DEL', key)
          redis.call('ZREM', KEYS[1], token)
        end
        return #due
        """;

    /// <summary>
    /// KEYS: dead-letter stream, dead-letter index, then streams. ARGV: min idle ms, now ms, max deliveries, reason, then the
    /// group of each stream. Claims (XAUTOCLAIM) deliveries idle longer than the lease and puts each back at the end of its
    /// stream with one more delivery counted and a <c>lease-expired</c> history entry, or dead-letters it at the limit.
    /// </summary>
    public const string ReapExpiredLeases = """
        local reaped = 0
        for i = 3, #KEYS do
          local key, group = KEYS[i], ARGV[i + 2]
          local owners, any = {}, false
          local pending = redis.pcall('XPENDING', key, group, 'IDLE', ARGV[1], '-', '+', 100)
          if type(pending) == 'table' and not pending.err then
            for _, p in ipairs(pending) do
              owners[p[1]] = p[2]
              any = true
            end
          end
          if any then
            local claimed = redis.call('XAUTOCLAIM', key, group, 'lease-reaper', ARGV[1], '0-0', 'COUNT', 100)
            for _, entry in ipairs(claimed[2]) do
              local id, f = entry[1], {}
              if entry[2] then
                for j = 1, #entry[2], 2 do f[entry[2][j]] = entry[2][j + 1] end
              end
              redis.call('XACK', key, group, id)
              redis.call('XDEL', key, id)
              if f.m then
                local attempt = tonumber(f.a) + 1
                local item = '{"n":' .. tonumber(f.a) .. ',"t":' .. ARGV[2] .. ',"c":' .. cjson.encode(owners[id] or 'unknown') ..
                  ',"o":"lease-expired","r":' .. cjson.encode(ARGV[4]) .. '}'
                local history = (f.h == nil or f.h == '[]') and ('[' .. item .. ']') or (string.sub(f.h, 1, -2) .. ',' .. item .. ']')
                if attempt >= tonumber(ARGV[3]) then
                  local dead = redis.call('XADD', KEYS[1], '*', 'i', f.i, 'm', f.m, 'a', tostring(attempt), 'h', history,
                    'r', ARGV[4] .. ' (delivery ' .. attempt .. ' of ' .. ARGV[3] .. ')', 't', ARGV[2], 'k', key)
                  redis.call('HSET', KEYS[2], f.i, dead)
                else
                  redis.call('XADD', key, '*', 'i', f.i, 'm', f.m, 'a', tostring(attempt), 'h', history)
                end
                reaped = reaped + 1
              end
            end
          end
        end
        return reaped
        """;

    /// <summary>KEYS: dead-letter stream, dead-letter index. ARGV: message id. Back to its stream with attempt 0, history kept.</summary>
    public const string Redrive = """
        local eid = redis.call('HGET', KEYS[2], ARGV[1])
        if not eid then return 0 end
        redis.call('HDEL', KEYS[2], ARGV[1])
        local r = redis.call('XRANGE', KEYS[1], eid, eid)
        if #r == 0 then return 0 end
        local f = {}
        for j = 1, #r[1][2], 2 do f[r[1][2][j]] = r[1][2][j + 1] end
        redis.call('XADD', f.k, '*', 'i', f.i, 'm', f.m, 'a', '0', 'h', f.h)
        redis.call('XDEL', KEYS[1], eid)
        return 1
        """;

    /// <summary>KEYS: dead-letter stream, dead-letter index. ARGV: message id, or empty for all.</summary>
    public const string Purge = """
        if ARGV[1] == '' then
          local n = redis.call('XLEN', KEYS[1])
          redis.call('DEL', KEYS[1], KEYS[2])
          return n
        end
        local eid = redis.call('HGET', KEYS[2], ARGV[1])
        if not eid then return 0 end
        redis.call('HDEL', KEYS[2], ARGV[1])
        return redis.call('XDEL', KEYS[1], eid)
        """;
}
