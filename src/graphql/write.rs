//! Generic writes: insert, update and delete of any table's rows inside the request's RLS
//! transaction, with database refusals mapped to client errors once.
//!
//! An update or delete that touches no row means the row does not exist or row-level
//! security hides it from the viewer; both are `NOT_FOUND`, so a hidden row's existence
//! does not leak.

use async_graphql::Json;
use sea_orm::{
    ActiveModelBehavior, ActiveModelTrait, ActiveValue, ColumnTrait, DbErr, EntityTrait,
    IntoActiveModel, QueryFilter, Value,
};
use uuid::Uuid;

use crate::db::{DbError, RequestScope};
use crate::graphql::error::ApiError;
use crate::graphql::table::{Model, Table};

/// A database error as the client should see it.
pub fn refused(error: DbErr) -> ApiError {
    ApiError::from(DbError::from(error))
}

/// The client's error for a row that is missing or hidden.
pub fn not_found<T: Table>() -> ApiError {
    ApiError::NotFound(format!(
        "{} not found",
        <T as async_graphql::OutputType>::type_name()
    ))
}

/// Inserts a row and returns it as the viewer sees it.
pub async fn insert<T, A>(scope: &RequestScope, row: A) -> Result<T, ApiError>
where
    T: Table,
    A: ActiveModelTrait<Entity = T::Entity> + ActiveModelBehavior + Send,
    Model<T>: IntoActiveModel<A>,
{
    let model = row.insert(&*scope.conn().await?).await.map_err(refused)?;
    Ok(T::from_model(model))
}

/// Updates the set columns of a row (its id must be set).
pub async fn update<T, A>(scope: &RequestScope, row: A) -> Result<T, ApiError>
where
    T: Table,
    A: ActiveModelTrait<Entity = T::Entity> + ActiveModelBehavior + Send,
    Model<T>: IntoActiveModel<A>,
{
    match row.update(&*scope.conn().await?).await {
        Ok(model) => Ok(T::from_model(model)),
        Err(DbErr::RecordNotUpdated) => Err(not_found::<T>()),
        Err(error) => Err(refused(error)),
    }
}

/// Deletes a row by id; returns the id.
pub async fn delete<T: Table>(scope: &RequestScope, id: Uuid) -> Result<Uuid, ApiError> {
    let result = T::Entity::delete_many()
        .filter(T::id_column().eq(id))
        .exec(&*scope.conn().await?)
        .await
        .map_err(refused)?;
    if result.rows_affected == 0 {
        return Err(not_found::<T>());
    }
    Ok(id)
}

/// Reads one row the viewer may see, or `NOT_FOUND`.
pub async fn find<T: Table>(scope: &RequestScope, id: Uuid) -> Result<Model<T>, ApiError> {
    T::Entity::find()
        .filter(T::id_column().eq(id))
        .one(&*scope.conn().await?)
        .await
        .map_err(refused)?
        .ok_or_else(not_found::<T>)
}

/// Checks a text input's length in characters.
pub fn check_length(field: &str, value: &str, min: usize, max: usize) -> Result<(), ApiError> {
    let length = value.chars().count();
    if (min..=max).contains(&length) {
        Ok(())
    } else if min == 0 {
        Err(ApiError::bad_input(
            field,
            format!("`{field}` is at most {max} characters"),
        ))
    } else {
        Err(ApiError::bad_input(
            field,
            format!("`{field}` must be {min} to {max} characters"),
        ))
    }
}

/// Checks a list input's size.
pub fn check_count<T>(field: &str, values: &[T], max: usize) -> Result<(), ApiError> {
    if values.len() <= max {
        Ok(())
    } else {
        Err(ApiError::bad_input(
            field,
            format!("`{field}` takes at most {max} items"),
        ))
    }
}

/// A JSON input that must be an object; `None` stays `None`.
pub fn json_object(
    field: &str,
    value: Option<Json<serde_json::Value>>,
) -> Result<Option<serde_json::Value>, ApiError> {
    match value.map(|value| value.0) {
        Some(value) if !value.is_object() => Err(ApiError::bad_input(
            field,
            format!("`{field}` must be a JSON object"),
        )),
        value => Ok(value),
    }
}

/// An optional input field as a column change: `Set` when given, otherwise left alone.
pub fn set_if<T: Into<Value>>(value: Option<T>) -> ActiveValue<T> {
    value.map_or(ActiveValue::NotSet, ActiveValue::Set)
}

/// Refuses an update whose input fields (`given`, one per field) change nothing.
pub fn require_change(given: &[bool]) -> Result<(), ApiError> {
    if given.iter().any(|given| *given) {
        Ok(())
    } else {
        Err(ApiError::bad_input(
            "input",
            "give at least one field to change",
        ))
    }
}
