//! In-process [`ProfileRepository`].

use std::collections::HashMap;
use std::sync::{Arc, Mutex};

use async_trait::async_trait;
use mentor_auth::{Profile, ProfileRepository};
use mentor_kernel::UserId;

use crate::lock;

/// Profiles in a map.
#[derive(Debug, Default, Clone)]
pub struct MemoryProfileRepository {
    profiles: Arc<Mutex<HashMap<UserId, Profile>>>,
}

impl MemoryProfileRepository {
    /// An empty repository.
    #[must_use]
    pub fn new() -> Self {
        Self::default()
    }
}

#[async_trait]
impl ProfileRepository for MemoryProfileRepository {
    async fn get(&self, user: UserId) -> anyhow::Result<Option<Profile>> {
        Ok(lock(&self.profiles).get(&user).cloned())
    }

    async fn put(&self, profile: &Profile) -> anyhow::Result<()> {
        lock(&self.profiles).insert(profile.user_id, profile.clone());
        Ok(())
    }
}
