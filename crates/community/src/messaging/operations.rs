//! The messaging operations: what each resolver asks for, done as the request's viewer
//! through its scope.

use super::*;

/// Key: the viewer's unread message count in a conversation.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct UnreadMessages(pub Uuid);

#[async_graphql::async_trait::async_trait]
impl Loader<UnreadMessages> for RowLoader {
    type Value = i64;
    type Error = Arc<DbError>;

    async fn load(
        &self,
        keys: &[UnreadMessages],
    ) -> Result<HashMap<UnreadMessages, i64>, Self::Error> {
        let ids: Vec<Uuid> = keys.iter().map(|key| key.0).collect();
        let rows = self
            .scope()
            .conn()
            .await?
            .query_all_raw(Statement::from_sql_and_values(
                DbBackend::Postgres,
                "SELECT m.conversation_id, count(*) AS unread
                 FROM messages m
                 JOIN conversation_members cm
                   ON cm.conversation_id = m.conversation_id AND cm.user_id = auth.uid()
                 WHERE m.conversation_id = ANY($1) AND m.deleted_at IS NULL
                   AND m.sender_id <> auth.uid()
                   AND (cm.last_read_at IS NULL OR m.created_at > cm.last_read_at)
                 GROUP BY m.conversation_id",
                [ids.into()],
            ))
            .await
            .map_err(DbError::from)?;
        rows.iter()
            .map(|row| {
                Ok((
                    UnreadMessages(row.try_get("", "conversation_id")?),
                    row.try_get("", "unread")?,
                ))
            })
            .collect::<Result<_, sea_orm::DbErr>>()
            .map_err(|error| Arc::new(DbError::from(error)))
    }
}

/// Most members a group may be created with or given at once.
pub(super) const MAX_MEMBERS_AT_ONCE: usize = 100;

/// Most attachments a message may carry.
pub(super) const MAX_ATTACHMENTS: usize = 10;

/// Takes `user` out of a conversation; NOT_FOUND when they were not in it.
pub async fn leave_conversation(
    scope: &RequestScope,
    user: Uuid,
    conversation_id: Uuid,
) -> Result<Uuid, ApiError> {
    let left = conversation_members::Entity::delete_many()
        .filter(conversation_members::Column::ConversationId.eq(conversation_id))
        .filter(conversation_members::Column::UserId.eq(user))
        .exec(&*scope.conn().await?)
        .await?;
    if left.rows_affected == 0 {
        return Err(write::not_found::<Conversation>());
    }
    Ok(conversation_id)
}

/// Deletes a message: it stays in the history, emptied and marked.
pub async fn delete_message(scope: &RequestScope, id: Uuid) -> Result<Message, ApiError> {
    let message = messages::ActiveModel {
        id: Unchanged(id),
        body: Set(String::new()),
        attachments: Set(serde_json::json!([])),
        deleted_at: Set(Some(chrono::Utc::now().fixed_offset())),
        ..Default::default()
    };
    write::update::<Message, _>(scope, message).await
}

/// Marks everything in a conversation as read by `user`.
pub async fn mark_conversation_read(
    scope: &RequestScope,
    user: Uuid,
    conversation_id: Uuid,
) -> Result<Conversation, ApiError> {
    let updated = conversation_members::Entity::update_many()
        .col_expr(
            conversation_members::Column::LastReadAt,
            Expr::current_timestamp(),
        )
        .filter(conversation_members::Column::ConversationId.eq(conversation_id))
        .filter(conversation_members::Column::UserId.eq(user))
        .exec(&*scope.conn().await?)
        .await?;
    if updated.rows_affected == 0 {
        return Err(write::not_found::<Conversation>());
    }
    Ok(Conversation::from_model(
        write::find::<Conversation>(scope, conversation_id).await?,
    ))
}

/// Distinct ids other than `me`, all of existing profiles.
pub(super) async fn other_people(
    scope: &RequestScope,
    me: Uuid,
    ids: Vec<Uuid>,
) -> Result<Vec<Uuid>, ApiError> {
    write::check_count("userIds", &ids, MAX_MEMBERS_AT_ONCE)?;
    let mut ids: Vec<Uuid> = ids.into_iter().filter(|id| *id != me).collect();
    ids.sort_unstable();
    ids.dedup();
    let found = profiles::Entity::find()
        .filter(profiles::Column::Id.is_in(ids.clone()))
        .count(&*scope.conn().await?)
        .await
        .map_err(ApiError::from)?;
    if found != ids.len() as u64 {
        return Err(ApiError::NotFound(
            "some of these people do not exist".into(),
        ));
    }
    Ok(ids)
}

/// Adds `people` as plain members; RLS lets only owners and admins do it.
pub(super) async fn insert_members(
    scope: &RequestScope,
    conversation: Uuid,
    people: Vec<Uuid>,
) -> Result<(), ApiError> {
    if people.is_empty() {
        return Ok(());
    }
    let rows = people
        .into_iter()
        .map(|user| conversation_members::ActiveModel {
            conversation_id: Set(conversation),
            user_id: Set(user),
            ..Default::default()
        });
    conversation_members::Entity::insert_many(rows)
        .on_conflict_do_nothing_on([
            conversation_members::Column::ConversationId,
            conversation_members::Column::UserId,
        ])
        .exec_without_returning(&*scope.conn().await?)
        .await
        .map_err(ApiError::from)?;
    Ok(())
}

/// Finds or creates the direct conversation of two people, race-free through its unique
/// `direct_key`.
pub async fn direct_conversation(
    scope: &RequestScope,
    me: Uuid,
    other: Uuid,
) -> Result<Conversation, ApiError> {
    if me == other {
        return Err(ApiError::bad_input(
            "userId",
            "a direct conversation needs another person",
        ));
    }
    other_people(scope, me, vec![other]).await?;
    let created = scope
        .conn()
        .await?
        .query_one_raw(Statement::from_sql_and_values(
            DbBackend::Postgres,
            "INSERT INTO conversations (kind, created_by, direct_key)
             VALUES ('direct', $1, public.direct_conversation_key($1, $2))
             ON CONFLICT (direct_key) DO NOTHING
             RETURNING id",
            [me.into(), other.into()],
        ))
        .await
        .map_err(ApiError::from)?;
    let id = match created {
        Some(row) => {
            let id: Uuid = row.try_get("", "id").map_err(ApiError::from)?;
            insert_members(scope, id, vec![other]).await?;
            id
        }
        None => {
            let existing = scope
                .conn()
                .await?
                .query_one_raw(Statement::from_sql_and_values(
                    DbBackend::Postgres,
                    "SELECT id FROM conversations WHERE direct_key = public.direct_conversation_key($1, $2)",
                    [me.into(), other.into()],
                ))
                .await
                .map_err(ApiError::from)?
                .ok_or_else(write::not_found::<Conversation>)?;
            existing.try_get("", "id").map_err(ApiError::from)?
        }
    };
    Ok(Conversation::from_model(
        write::find::<Conversation>(scope, id).await?,
    ))
}

/// Creates a group owned by `me` (the owner membership is added by trigger) with `members`.
pub async fn create_group(
    scope: &RequestScope,
    me: Uuid,
    title: &str,
    members: Vec<Uuid>,
) -> Result<Conversation, ApiError> {
    write::check_length("title", title.trim(), 1, 200)?;
    let members = other_people(scope, me, members).await?;
    let conversation = write::insert::<Conversation, _>(
        scope,
        conversations::ActiveModel {
            kind: Set(ConversationKind::Group),
            title: Set(Some(title.trim().to_owned())),
            created_by: Set(Some(me)),
            ..Default::default()
        },
    )
    .await?;
    insert_members(scope, conversation.row.id, members).await?;
    Ok(conversation)
}

/// Adds people to a group conversation.
pub async fn add_members(
    scope: &RequestScope,
    me: Uuid,
    conversation: Uuid,
    people: Vec<Uuid>,
) -> Result<Conversation, ApiError> {
    let row = write::find::<Conversation>(scope, conversation).await?;
    if row.kind != ConversationKind::Group {
        return Err(ApiError::bad_input(
            "conversationId",
            "members can only be added to group conversations",
        ));
    }
    let people = other_people(scope, me, people).await?;
    insert_members(scope, conversation, people).await?;
    Ok(Conversation::from_model(row))
}

/// Checks that attachments are a JSON array of at most [`MAX_ATTACHMENTS`] items.
pub(super) fn check_attachments(attachments: &serde_json::Value) -> Result<(), ApiError> {
    match attachments.as_array() {
        Some(items) if items.len() <= MAX_ATTACHMENTS => Ok(()),
        Some(_) => Err(ApiError::bad_input(
            "attachments",
            format!("a message carries at most {MAX_ATTACHMENTS} attachments"),
        )),
        None => Err(ApiError::bad_input(
            "attachments",
            "attachments must be a JSON array",
        )),
    }
}

/// Sends a message as `sender`; the conversation must be visible (the viewer is a member).
pub async fn send_message(
    scope: &RequestScope,
    sender: Uuid,
    conversation: Uuid,
    body: String,
    attachments: Option<serde_json::Value>,
) -> Result<Message, ApiError> {
    let attachments = attachments.unwrap_or_else(|| serde_json::json!([]));
    check_attachments(&attachments)?;
    write::find::<Conversation>(scope, conversation).await?;
    let message = messages::ActiveModel {
        conversation_id: Set(conversation),
        sender_id: Set(sender),
        body: Set(body),
        attachments: Set(attachments),
        ..Default::default()
    };
    write::insert::<Message, _>(scope, message).await
}

/// Replaces the text of a message that is not deleted.
pub async fn edit_message(
    scope: &RequestScope,
    id: Uuid,
    body: String,
) -> Result<Message, ApiError> {
    if body.trim().is_empty() {
        return Err(ApiError::bad_input("body", "a message needs text"));
    }
    let current = write::find::<Message>(scope, id).await?;
    if current.deleted_at.is_some() {
        return Err(ApiError::bad_input(
            "id",
            "a deleted message cannot be edited",
        ));
    }
    let message = messages::ActiveModel {
        id: Unchanged(id),
        body: Set(body),
        ..Default::default()
    };
    write::update::<Message, _>(scope, message).await
}
