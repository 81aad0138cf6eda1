//! The ai API: the resolvers, each parsing its arguments and calling one operation,
//! and the input and output types they take and give.

use super::*;

/// Seed 000's `searchAIMemory` and its kin: nearest rows by embedding.
#[derive(Debug, Default)]
pub struct SemanticSearchQuery;

#[Object]
impl SemanticSearchQuery {
    /// The viewer's memories nearest to `embedding` (cosine distance), nearest first;
    /// `limit` defaults to 10.
    async fn search_ai_memories(
        &self,
        ctx: &Context<'_>,
        embedding: Vec<f64>,
        limit: Option<i32>,
        filter: Option<AiMemoryFilter>,
    ) -> async_graphql::Result<Vec<AiMemoryMatch>> {
        Ok(nearest(
            scope(ctx)?,
            loader(ctx)?,
            limits(ctx)?,
            &embedding,
            limit.unwrap_or(DEFAULT_SEARCH_RESULTS),
            filter,
        )
        .await?)
    }

    /// Training examples of the viewer's bots nearest to `embedding`, nearest first.
    async fn search_bot_training_examples(
        &self,
        ctx: &Context<'_>,
        embedding: Vec<f64>,
        limit: Option<i32>,
        filter: Option<BotTrainingExampleFilter>,
    ) -> async_graphql::Result<Vec<BotTrainingExampleMatch>> {
        Ok(nearest(
            scope(ctx)?,
            loader(ctx)?,
            limits(ctx)?,
            &embedding,
            limit.unwrap_or(DEFAULT_SEARCH_RESULTS),
            filter,
        )
        .await?)
    }
}

/// A memory to store (seed 000's `saveAIMemory`).
#[derive(Debug, Clone, InputObject)]
pub struct SaveAiMemoryInput {
    /// What to remember.
    pub content: String,
    /// What sort of memory it is (default: fact).
    pub kind: Option<entity::ai::MemoryKind>,
    /// 1 (trivia) to 10 (essential); default 5.
    pub importance: Option<i32>,
    /// The content's embedding, of the configured dimension.
    pub embedding: Option<Vec<f64>>,
}

/// AI writes.
#[derive(Debug, Default)]
pub struct AiMutation;

#[Object]
impl AiMutation {
    /// Stores a memory for the viewer, optionally with its embedding.
    async fn save_ai_memory(
        &self,
        ctx: &Context<'_>,
        input: SaveAiMemoryInput,
    ) -> async_graphql::Result<AiMemory> {
        Ok(AiMemory {
            row: save_ai_memory(scope(ctx)?, limits(ctx)?.embedding_dimensions, input).await?,
        })
    }
}
