//! SQL adapter for the [`IdentityRepository`] port.

use anyhow::Context as _;
use async_trait::async_trait;
use mentor_auth::{IdentityRepository, LinkIdentityError, LinkedIdentity, Provider};
use mentor_kernel::UserId;
use sea_orm::{
    ActiveValue::Set, ColumnTrait, DatabaseConnection, DbErr, EntityTrait, QueryFilter, QueryOrder,
    SqlErr,
};

use crate::entities::user_identity;

/// Identities in the `user_identities` table.
#[derive(Debug, Clone)]
pub struct SqlIdentityRepository {
    db: DatabaseConnection,
}

impl SqlIdentityRepository {
    /// Uses the given pool.
    #[must_use]
    pub fn new(db: DatabaseConnection) -> Self {
        Self { db }
    }
}

fn from_row(row: user_identity::Model) -> anyhow::Result<LinkedIdentity> {
    Ok(LinkedIdentity {
        provider: Provider::parse(&row.provider)
            .with_context(|| format!("unknown provider {:?}", row.provider))?,
        subject: row.subject,
        user_id: UserId::from_uuid(row.user_id),
        email: row.email,
        created_at: row.created_at,
    })
}

fn is_unique_violation(err: &DbErr) -> bool {
    matches!(err.sql_err(), Some(SqlErr::UniqueConstraintViolation(_)))
}

#[async_trait]
impl IdentityRepository for SqlIdentityRepository {
    async fn link(&self, identity: &LinkedIdentity) -> Result<(), LinkIdentityError> {
        let row = user_identity::ActiveModel {
            provider: Set(identity.provider.as_str().to_owned()),
            subject: Set(identity.subject.clone()),
            user_id: Set(identity.user_id.as_uuid()),
            email: Set(identity.email.clone()),
            created_at: Set(identity.created_at),
        };
        match user_identity::Entity::insert(row)
            .exec_without_returning(&self.db)
            .await
        {
            Ok(_) => Ok(()),
            Err(e) if is_unique_violation(&e) => Err(LinkIdentityError::AlreadyLinked),
            Err(e) => Err(LinkIdentityError::Unexpected(e.into())),
        }
    }

    async fn find(
        &self,
        provider: Provider,
        subject: &str,
    ) -> anyhow::Result<Option<LinkedIdentity>> {
        user_identity::Entity::find_by_id((provider.as_str().to_owned(), subject.to_owned()))
            .one(&self.db)
            .await?
            .map(from_row)
            .transpose()
    }

    async fn list_for_user(&self, user: UserId) -> anyhow::Result<Vec<LinkedIdentity>> {
        user_identity::Entity::find()
            .filter(user_identity::Column::UserId.eq(user.as_uuid()))
            .order_by_asc(user_identity::Column::Provider)
            .all(&self.db)
            .await?
            .into_iter()
            .map(from_row)
            .collect()
    }

    async fn unlink(&self, user: UserId, provider: Provider) -> anyhow::Result<bool> {
        let result = user_identity::Entity::delete_many()
            .filter(user_identity::Column::UserId.eq(user.as_uuid()))
            .filter(user_identity::Column::Provider.eq(provider.as_str()))
            .exec(&self.db)
            .await?;
        Ok(result.rows_affected > 0)
    }
}
