//! What a violated constraint means to a client, in the database's own words.
//!
//! Each CHECK, UNIQUE or FOREIGN KEY constraint carries a comment `<field>: <message>`
//! (migrations `m20261205_000030_constraint_messages` and
//! `m20261206_000031_foreign_key_messages`, and every later migration that adds a
//! constraint), optionally led by the error code when its kind is not the usual one for the
//! constraint's type: `CONFLICT id: this item has been bought: …`. The rule and its message
//! thus live once, beside each other, and a DBA reads them with `\dd`.
//!
//! [`ConstraintMessages::load`] reads every comment when the server starts; the server
//! keeps them in its state, and the transport looks a violated constraint's name up there
//! when it writes the response's errors. Comments are read once: a comment changed later
//! shows after a restart.

use std::collections::HashMap;

use sea_orm::{ConnectionTrait as _, DatabaseConnection, DbBackend, DbErr, Statement};

/// How a violation is answered: decides the client's `extensions.code`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Violation {
    /// `CONFLICT`: the value collides with existing data.
    Conflict,
    /// `BAD_USER_INPUT`: the value breaks a rule of its field.
    Invalid,
    /// `NOT_FOUND`: a row the write refers to does not exist, or row-level security hides it.
    Missing,
    /// `RATE_LIMITED`: an allowance is used up; retrying later works.
    RateLimited,
}

/// The client's account of one constraint.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ConstraintMessage {
    /// The kind of refusal.
    pub violation: Violation,
    /// The input field at fault, as the API spells it (not sent with `NOT_FOUND` or
    /// `RATE_LIMITED`, whose errors name no field).
    pub field: String,
    /// What is wrong and what would be accepted.
    pub message: String,
}

/// Why a constraint's comment is not a message.
#[derive(Debug, thiserror::Error, PartialEq, Eq)]
pub enum CommentError {
    /// No `: ` separates the field from the message.
    #[error(
        "expected `<field>: <message>`, optionally led by CONFLICT, BAD_USER_INPUT, NOT_FOUND or RATE_LIMITED"
    )]
    Shape,
    /// The field is not a single word of the API.
    #[error("the field `{0}` is not an API name (letters and digits)")]
    Field(String),
}

impl ConstraintMessage {
    /// Reads `comment`, the comment on a constraint of type `contype` (`pg_constraint`'s
    /// letter: `u` unique, `x` exclusion, `c` check, `f` foreign key).
    pub fn parse(contype: &str, comment: &str) -> Result<Self, CommentError> {
        let (violation, rest) = match comment.split_once(' ') {
            Some(("CONFLICT", rest)) => (Violation::Conflict, rest),
            Some(("BAD_USER_INPUT", rest)) => (Violation::Invalid, rest),
            Some(("NOT_FOUND", rest)) => (Violation::Missing, rest),
            Some(("RATE_LIMITED", rest)) => (Violation::RateLimited, rest),
            _ if matches!(contype, "u" | "x") => (Violation::Conflict, comment),
            _ => (Violation::Invalid, comment),
        };
        let (field, message) = rest.split_once(": ").ok_or(CommentError::Shape)?;
        if field.is_empty() || !field.chars().all(|c| c.is_ascii_alphanumeric()) {
            return Err(CommentError::Field(field.to_owned()));
        }
        if message.trim().is_empty() {
            return Err(CommentError::Shape);
        }
        Ok(Self {
            violation,
            field: field.to_owned(),
            message: message.to_owned(),
        })
    }
}

/// Every commented constraint of the API's schemas, with its type letter.
const COMMENTED_SQL: &str = "\
    SELECT c.conname::text AS name, c.contype::text AS contype, \
           obj_description(c.oid, 'pg_constraint') AS comment \
    FROM pg_constraint c JOIN pg_namespace n ON n.oid = c.connamespace \
    WHERE n.nspname IN ('public', 'realtime') \
      AND obj_description(c.oid, 'pg_constraint') IS NOT NULL";

/// Every constraint's message, by constraint name.
#[derive(Debug, Default)]
pub struct ConstraintMessages(HashMap<String, ConstraintMessage>);

impl ConstraintMessages {
    /// Reads every constraint's comment from `pool`'s database. A comment that is not a
    /// message is logged and left out: that constraint's violations are then answered
    /// generically.
    pub async fn load(pool: &DatabaseConnection) -> Result<Self, DbErr> {
        let rows = pool
            .query_all_raw(Statement::from_string(DbBackend::Postgres, COMMENTED_SQL))
            .await?;
        let mut messages = HashMap::with_capacity(rows.len());
        for row in rows {
            let name: String = row.try_get("", "name")?;
            let contype: String = row.try_get("", "contype")?;
            let comment: String = row.try_get("", "comment")?;
            match ConstraintMessage::parse(&contype, &comment) {
                Ok(message) => {
                    messages.insert(name, message);
                }
                Err(error) => {
                    tracing::warn!(constraint = %name, %error, "constraint comment is not a client message");
                }
            }
        }
        Ok(Self(messages))
    }

    /// What the constraint `name` means to a client, if its comment says.
    pub fn get(&self, name: &str) -> Option<&ConstraintMessage> {
        self.0.get(name)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_kind_follows_the_constraint_type_unless_the_comment_names_a_code() {
        let unique = ConstraintMessage::parse("u", "username: this username is taken");
        assert_eq!(
            unique,
            Ok(ConstraintMessage {
                violation: Violation::Conflict,
                field: "username".into(),
                message: "this username is taken".into(),
            })
        );
        let check = ConstraintMessage::parse("c", "body: posts are at most 10000 characters");
        assert_eq!(check.map(|m| m.violation), Ok(Violation::Invalid));
        let led =
            ConstraintMessage::parse("f", "CONFLICT id: this item has been bought: unpublish it");
        assert_eq!(
            led.map(|m| (m.violation, m.field, m.message)),
            Ok((
                Violation::Conflict,
                "id".into(),
                "this item has been bought: unpublish it".into()
            ))
        );
    }

    #[test]
    fn a_comment_that_is_not_a_message_is_refused() {
        assert_eq!(
            ConstraintMessage::parse("c", "Keeps bodies short."),
            Err(CommentError::Shape)
        );
        assert_eq!(
            ConstraintMessage::parse("c", "the body: too long"),
            Err(CommentError::Field("the body".into()))
        );
        assert_eq!(
            ConstraintMessage::parse("c", "body:  "),
            Err(CommentError::Shape)
        );
    }
}
