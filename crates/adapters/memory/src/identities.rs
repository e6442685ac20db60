//! In-process [`IdentityRepository`].

use std::collections::BTreeMap;
use std::sync::{Arc, Mutex};

use async_trait::async_trait;
use mentor_auth::{IdentityRepository, LinkIdentityError, LinkedIdentity, Provider};
use mentor_kernel::UserId;

use crate::lock;

/// Identities in a map keyed by (provider, subject).
#[derive(Debug, Default, Clone)]
pub struct MemoryIdentityRepository {
    identities: Arc<Mutex<BTreeMap<(Provider, String), LinkedIdentity>>>,
}

impl MemoryIdentityRepository {
    /// An empty repository.
    #[must_use]
    pub fn new() -> Self {
        Self::default()
    }
}

#[async_trait]
impl IdentityRepository for MemoryIdentityRepository {
    async fn link(&self, identity: &LinkedIdentity) -> Result<(), LinkIdentityError> {
        let mut identities = lock(&self.identities);
        let key = (identity.provider, identity.subject.clone());
        if identities.contains_key(&key) {
            return Err(LinkIdentityError::AlreadyLinked);
        }
        identities.insert(key, identity.clone());
        Ok(())
    }

    async fn find(
        &self,
        provider: Provider,
        subject: &str,
    ) -> anyhow::Result<Option<LinkedIdentity>> {
        Ok(lock(&self.identities)
            .get(&(provider, subject.to_owned()))
            .cloned())
    }

    async fn list_for_user(&self, user: UserId) -> anyhow::Result<Vec<LinkedIdentity>> {
        Ok(lock(&self.identities)
            .values()
            .filter(|i| i.user_id == user)
            .cloned()
            .collect())
    }

    async fn unlink(&self, user: UserId, provider: Provider) -> anyhow::Result<bool> {
        let mut identities = lock(&self.identities);
        let before = identities.len();
        identities.retain(|(p, _), i| !(*p == provider && i.user_id == user));
        Ok(identities.len() < before)
    }
}
