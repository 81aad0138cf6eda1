//! The ai operations: what each resolver asks for, done as the request's viewer
//! through its scope.

use super::*;

/// Stores a memory for the viewer.
pub async fn save_ai_memory(
    scope: &RequestScope,
    dimensions: usize,
    input: SaveAiMemoryInput,
) -> Result<ai_memories::Model, ApiError> {
    let user = scope
        .viewer()
        .user_id
        .ok_or_else(|| ApiError::Unauthenticated("sign in to save memories".into()))?;
    let content = input.content.trim();
    let importance = input.importance.unwrap_or(5);
    let vector = input
        .embedding
        .map(|values| embedding("embedding", &values, dimensions))
        .transpose()?;
    let memory = ai_memories::ActiveModel {
        id: ActiveValue::Set(Uuid::new_v4()),
        user_id: ActiveValue::Set(user),
        content: ActiveValue::Set(content.to_owned()),
        kind: ActiveValue::Set(input.kind.unwrap_or(entity::ai::MemoryKind::Fact)),
        importance: ActiveValue::Set(importance),
        embedding: ActiveValue::Set(vector),
        ..Default::default()
    };
    memory
        .insert(&*scope.conn().await?)
        .await
        .map_err(ApiError::from)
}
