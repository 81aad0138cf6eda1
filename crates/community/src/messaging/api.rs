//! The messaging API: the resolvers, each parsing its arguments and calling one operation,
//! and the input and output types they take and give.

use super::*;

/// Conversations and messages.
#[derive(Debug, Default)]
pub struct MessagingMutation;

#[Object]
impl MessagingMutation {
    /// The direct conversation between the viewer and `userId`, created on first use (seed
    /// 000's `get_or_create_conversation`).
    async fn get_or_create_direct_conversation(
        &self,
        ctx: &Context<'_>,
        user_id: Uuid,
    ) -> async_graphql::Result<Conversation> {
        Ok(direct_conversation(scope(ctx)?, viewer_id(ctx)?, user_id).await?)
    }

    /// Starts a group conversation owned by the viewer.
    async fn create_group_conversation(
        &self,
        ctx: &Context<'_>,
        title: String,
        member_ids: Vec<Uuid>,
    ) -> async_graphql::Result<Conversation> {
        Ok(create_group(scope(ctx)?, viewer_id(ctx)?, &title, member_ids).await?)
    }

    /// Adds people to a group the viewer owns or administers.
    async fn add_members(
        &self,
        ctx: &Context<'_>,
        conversation_id: Uuid,
        user_ids: Vec<Uuid>,
    ) -> async_graphql::Result<Conversation> {
        Ok(add_members(scope(ctx)?, viewer_id(ctx)?, conversation_id, user_ids).await?)
    }

    /// Leaves a conversation; returns its id.
    async fn leave_conversation(
        &self,
        ctx: &Context<'_>,
        conversation_id: Uuid,
    ) -> async_graphql::Result<Uuid> {
        let user = viewer_id(ctx)?;
        Ok(leave_conversation(scope(ctx)?, user, conversation_id).await?)
    }

    /// Sends a message to a conversation the viewer belongs to.
    async fn send_message(
        &self,
        ctx: &Context<'_>,
        conversation_id: Uuid,
        body: String,
        attachments: Option<serde_json::Value>,
    ) -> async_graphql::Result<Message> {
        Ok(send_message(
            scope(ctx)?,
            viewer_id(ctx)?,
            conversation_id,
            body,
            attachments,
        )
        .await?)
    }

    /// Edits one of the viewer's messages.
    async fn edit_message(
        &self,
        ctx: &Context<'_>,
        id: Uuid,
        body: String,
    ) -> async_graphql::Result<Message> {
        viewer_id(ctx)?;
        Ok(edit_message(scope(ctx)?, id, body).await?)
    }

    /// Deletes one of the viewer's messages: it stays in the history, emptied and marked.
    async fn delete_message(&self, ctx: &Context<'_>, id: Uuid) -> async_graphql::Result<Message> {
        viewer_id(ctx)?;
        Ok(delete_message(scope(ctx)?, id).await?)
    }

    /// Marks everything in a conversation as read by the viewer.
    async fn mark_conversation_read(
        &self,
        ctx: &Context<'_>,
        conversation_id: Uuid,
    ) -> async_graphql::Result<Conversation> {
        let user = viewer_id(ctx)?;
        Ok(mark_conversation_read(scope(ctx)?, user, conversation_id).await?)
    }
}
