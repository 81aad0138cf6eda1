//! Generic writes: insert, update and delete of any table's rows inside the request's RLS
//! transaction, with database refusals mapped to client errors once.
//!
//! An update or delete that touches no row means the row does not exist or row-level
//! security hides it from the viewer; both are `NOT_FOUND`, so a hidden row's existence
//! does not leak.

use async_graphql::Json;
use sea_orm::prelude::Decimal;
use sea_orm::{
    ActiveModelBehavior, ActiveModelTrait, ActiveValue, ColumnTrait, DbErr, EntityTrait,
    IntoActiveModel, QueryFilter, Value,
};
use uuid::Uuid;

use crate::db::RequestScope;
use crate::graphql::error::ApiError;
use crate::graphql::table::{Model, Table};

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
    let model = row
        .insert(&*scope.conn().await?)
        .await
        .map_err(ApiError::from)?;
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
        Err(error) => Err(ApiError::from(error)),
    }
}

/// Applies `row`'s set columns, or reads the row back when nothing is set.
pub async fn update_or_read<T, A>(scope: &RequestScope, id: Uuid, row: A) -> Result<T, ApiError>
where
    T: Table,
    A: ActiveModelTrait<Entity = T::Entity> + ActiveModelBehavior + Send,
    Model<T>: IntoActiveModel<A>,
{
    if row.is_changed() {
        update::<T, A>(scope, row).await
    } else {
        Ok(T::from_model(find::<T>(scope, id).await?))
    }
}

/// Deletes a row by id; returns the id.
pub async fn delete<T: Table>(scope: &RequestScope, id: Uuid) -> Result<Uuid, ApiError> {
    let result = T::Entity::delete_many()
        .filter(T::id_column().eq(id))
        .exec(&*scope.conn().await?)
        .await
        .map_err(ApiError::from)?;
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
        .map_err(ApiError::from)?
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

/// Parses an exact decimal given as text (JSON numbers would pass through a float): not
/// negative, positive unless `zero_ok`, with at most `integer_digits` digits before the
/// point and `scale` after it (the column's `numeric(p, s)`).
pub fn decimal(
    field: &str,
    text: &str,
    integer_digits: u32,
    scale: u32,
    zero_ok: bool,
) -> Result<Decimal, ApiError> {
    let invalid = |rule: &str| ApiError::bad_input(field, format!("`{field}` {rule}"));
    // from_str_exact refuses rather than rounds what does not fit 28 significant digits.
    let value = Decimal::from_str_exact(text.trim()).map_err(|_| {
        invalid("must be a decimal number written as text, e.g. \"12.50\", with at most 28 significant digits")
    })?;
    if value.is_sign_negative() || (value.is_zero() && !zero_ok) {
        return Err(invalid(if zero_ok {
            "must not be negative"
        } else {
            "must be greater than zero"
        }));
    }
    if value.scale() > scale {
        return Err(invalid(&format!("has at most {scale} decimal places")));
    }
    let bound = Decimal::from_i128_with_scale(10_i128.pow(integer_digits), 0);
    if value.trunc() >= bound {
        return Err(invalid(&format!(
            "has at most {integer_digits} digits before the point"
        )));
    }
    Ok(value.normalize())
}

/// Checks that a secret is given by reference (the name of a vault entry), never by value.
pub fn check_vault_reference(field: &str, name: &str) -> Result<(), ApiError> {
    let plain = |c: char| c.is_ascii_alphanumeric() || "_./:-".contains(c);
    if (1..=120).contains(&name.len()) && name.chars().all(plain) {
        Ok(())
    } else {
        Err(ApiError::bad_input(
            field,
            format!(
                "`{field}` names a vault entry (1 to 120 letters, digits, `_./:-`); never send the secret itself"
            ),
        ))
    }
}

/// Checks an `http(s)://` URL of at most 2048 characters.
pub fn check_url(field: &str, url: &str) -> Result<(), ApiError> {
    let scheme = url.starts_with("https://") || url.starts_with("http://");
    if scheme && url.len() <= 2048 && !url.contains(char::is_whitespace) {
        Ok(())
    } else {
        Err(ApiError::bad_input(
            field,
            format!("`{field}` must be an http(s) URL of at most 2048 characters"),
        ))
    }
}
