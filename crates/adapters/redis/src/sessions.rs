//! Sessions in Redis: a hash per session (expiring at the session's absolute end), a set of
//! session ids per user, and a key per refresh hash pointing at its session. Rotation is a
//! Lua script, so compare-and-swap is atomic across instances.

use std::collections::HashMap;

use anyhow::Context as _;
use async_trait::async_trait;
use mentor_auth::{RotateOutcome, Session, SessionStore, TokenHash};
use mentor_kernel::{SessionId, UserId};
use redis::aio::ConnectionManager;
use redis::{AsyncCommands as _, Script};
use time::OffsetDateTime;

use crate::keys::Keys;

/// KEYS: session, new refresh key. ARGV: current hash, next hash, now (µs), session id.
/// Returns 0 missing, 1 stale, 2 rotated.
const ROTATE: &str = r"
local cur = redis.call('HGET', KEYS[1], 'refresh_hash')
if not cur then return 0 end
if cur ~= ARGV[1] then return 1 end
redis.call('HSET', KEYS[1], 'refresh_hash', ARGV[2], 'last_seen_at', ARGV[3])
local exp = tonumber(redis.call('HGET', KEYS[1], 'expires_at'))
redis.call('SET', KEYS[2], ARGV[4], 'PXAT', math.floor(exp / 1000))
return 2
";

/// KEYS: session. ARGV: now (µs). Touches only an existing session.
const TOUCH: &str = r"
if redis.call('EXISTS', KEYS[1]) == 1 then
  redis.call('HSET', KEYS[1], 'last_seen_at', ARGV[1])
end
return 0
";

/// The production [`SessionStore`].
#[derive(Clone)]
pub struct RedisSessionStore {
    conn: ConnectionManager,
    keys: Keys,
    rotate: Script,
    touch: Script,
}

impl std::fmt::Debug for RedisSessionStore {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("RedisSessionStore")
            .field("keys", &self.keys)
            .finish_non_exhaustive()
    }
}

fn micros(t: OffsetDateTime) -> i64 {
    i64::try_from(t.unix_timestamp_nanos() / 1_000).unwrap_or(i64::MAX)
}

fn from_micros(field: &str, raw: Option<&String>) -> anyhow::Result<OffsetDateTime> {
    let value: i128 = raw
        .with_context(|| format!("session field {field} missing"))?
        .parse()
        .with_context(|| format!("session field {field} not a number"))?;
    Ok(OffsetDateTime::from_unix_timestamp_nanos(value * 1_000)?)
}

fn session_from_hash(id: SessionId, fields: &HashMap<String, String>) -> anyhow::Result<Session> {
    let text = |name: &str| fields.get(name).filter(|v| !v.is_empty()).cloned();
    Ok(Session {
        id,
        user_id: text("user_id")
            .context("session field user_id missing")?
            .parse()
            .context("session field user_id not an id")?,
        refresh_hash: TokenHash::from_stored(
            text("refresh_hash").context("session field refresh_hash missing")?,
        ),
        created_at: from_micros("created_at", fields.get("created_at"))?,
        last_seen_at: from_micros("last_seen_at", fields.get("last_seen_at"))?,
        expires_at: from_micros("expires_at", fields.get("expires_at"))?,
        user_agent: text("user_agent"),
        ip: text("ip"),
    })
}

impl RedisSessionStore {
    /// A store on `conn` with key names from `keys`.
    #[must_use]
    pub fn new(conn: ConnectionManager, keys: Keys) -> Self {
        Self {
            conn,
            keys,
            rotate: Script::new(ROTATE),
            touch: Script::new(TOUCH),
        }
    }

    async fn end_sessions(&self, user: UserId, ids: &[SessionId]) -> anyhow::Result<u64> {
        if ids.is_empty() {
            return Ok(0);
        }
        let mut conn = self.conn.clone();
        let mut pipe = redis::pipe();
        pipe.atomic();
        for id in ids {
            pipe.del(self.keys.session(*id));
        }
        for id in ids {
            pipe.srem(self.keys.user_sessions(user), id.to_string())
                .ignore();
        }
        let deleted: Vec<u64> = pipe.query_async(&mut conn).await?;
        Ok(deleted.iter().sum())
    }
}

#[async_trait]
impl SessionStore for RedisSessionStore {
    async fn create(&self, s: &Session) -> anyhow::Result<()> {
        let mut conn = self.conn.clone();
        let expires_ms = micros(s.expires_at) / 1_000;
        let session_key = self.keys.session(s.id);
        let user_key = self.keys.user_sessions(s.user_id);
        let fields = [
            ("user_id", s.user_id.to_string()),
            ("refresh_hash", s.refresh_hash.as_str().to_owned()),
            ("created_at", micros(s.created_at).to_string()),
            ("last_seen_at", micros(s.last_seen_at).to_string()),
            ("expires_at", micros(s.expires_at).to_string()),
            ("user_agent", s.user_agent.clone().unwrap_or_default()),
            ("ip", s.ip.clone().unwrap_or_default()),
        ];
        redis::pipe()
            .atomic()
            .hset_multiple(&session_key, &fields)
            .ignore()
            .cmd("PEXPIREAT")
            .arg(&session_key)
            .arg(expires_ms)
            .ignore()
            .cmd("SET")
            .arg(self.keys.refresh(&s.refresh_hash))
            .arg(s.id.to_string())
            .arg("PXAT")
            .arg(expires_ms)
            .ignore()
            .sadd(&user_key, s.id.to_string())
            .ignore()
            .cmd("PEXPIREAT")
            .arg(&user_key)
            .arg(expires_ms)
            .arg("NX")
            .ignore()
            .cmd("PEXPIREAT")
            .arg(&user_key)
            .arg(expires_ms)
            .arg("GT")
            .ignore()
            .query_async::<()>(&mut conn)
            .await?;
        Ok(())
    }

    async fn get(&self, id: SessionId) -> anyhow::Result<Option<Session>> {
        let mut conn = self.conn.clone();
        let fields: HashMap<String, String> = conn.hgetall(self.keys.session(id)).await?;
        if fields.is_empty() {
            return Ok(None);
        }
        session_from_hash(id, &fields).map(Some)
    }

    async fn find_by_refresh(&self, hash: &TokenHash) -> anyhow::Result<Option<SessionId>> {
        let mut conn = self.conn.clone();
        let sid: Option<String> = conn.get(self.keys.refresh(hash)).await?;
        let Some(sid) = sid else { return Ok(None) };
        let sid: SessionId = sid.parse().context("refresh key holds no session id")?;
        let live: bool = conn.exists(self.keys.session(sid)).await?;
        Ok(live.then_some(sid))
    }

    async fn rotate_refresh(
        &self,
        id: SessionId,
        current: &TokenHash,
        next: &TokenHash,
        now: OffsetDateTime,
    ) -> anyhow::Result<RotateOutcome> {
        let mut conn = self.conn.clone();
        let outcome: i64 = self
            .rotate
            .key(self.keys.session(id))
            .key(self.keys.refresh(next))
            .arg(current.as_str())
            .arg(next.as_str())
            .arg(micros(now))
            .arg(id.to_string())
            .invoke_async(&mut conn)
            .await?;
        Ok(match outcome {
            2 => RotateOutcome::Rotated,
            1 => RotateOutcome::Stale,
            _ => RotateOutcome::Missing,
        })
    }

    async fn touch(&self, id: SessionId, now: OffsetDateTime) -> anyhow::Result<()> {
        let mut conn = self.conn.clone();
        self.touch
            .key(self.keys.session(id))
            .arg(micros(now))
            .invoke_async::<i64>(&mut conn)
            .await?;
        Ok(())
    }

    async fn revoke(&self, id: SessionId) -> anyhow::Result<bool> {
        let mut conn = self.conn.clone();
        let user: Option<String> = conn.hget(self.keys.session(id), "user_id").await?;
        drop(conn);
        match user {
            Some(user) => {
                let user: UserId = user.parse().context("session user_id not an id")?;
                Ok(self.end_sessions(user, &[id]).await? > 0)
            }
            None => Ok(false),
        }
    }

    async fn list_for_user(&self, user: UserId) -> anyhow::Result<Vec<Session>> {
        let mut conn = self.conn.clone();
        let ids: Vec<String> = conn.smembers(self.keys.user_sessions(user)).await?;
        let ids: Vec<SessionId> = ids.iter().filter_map(|s| s.parse().ok()).collect();
        if ids.is_empty() {
            return Ok(Vec::new());
        }
        let mut pipe = redis::pipe();
        for id in &ids {
            pipe.hgetall(self.keys.session(*id));
        }
        let rows: Vec<HashMap<String, String>> = pipe.query_async(&mut conn).await?;
        let mut sessions = Vec::with_capacity(ids.len());
        let mut gone = Vec::new();
        for (id, fields) in ids.into_iter().zip(rows) {
            if fields.is_empty() {
                gone.push(id.to_string());
            } else {
                sessions.push(session_from_hash(id, &fields)?);
            }
        }
        if !gone.is_empty() {
            conn.srem::<_, _, ()>(self.keys.user_sessions(user), gone)
                .await?;
        }
        sessions.sort_by(|a, b| b.created_at.cmp(&a.created_at).then(b.id.cmp(&a.id)));
        Ok(sessions)
    }

    async fn revoke_all_for_user(
        &self,
        user: UserId,
        keep: Option<SessionId>,
    ) -> anyhow::Result<u64> {
        let mut conn = self.conn.clone();
        let ids: Vec<String> = conn.smembers(self.keys.user_sessions(user)).await?;
        drop(conn);
        let ids: Vec<SessionId> = ids
            .iter()
            .filter_map(|s| s.parse().ok())
            .filter(|id| Some(*id) != keep)
            .collect();
        self.end_sessions(user, &ids).await
    }
}
