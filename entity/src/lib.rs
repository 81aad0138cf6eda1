//! SeaORM entities for every Switchyard table, one module per table, grouped by domain.
//!
//! Module names are table names (`entity::social::posts::{Entity, Model, Column, ActiveModel,
//! Relation}`). Each `Model` is also an `async_graphql::SimpleObject` named `<Table>Record`
//! whose field docs become GraphQL descriptions; secrets (password and API key hashes) are
//! skipped there and never serialized. Enum-like `text` columns map to closed Rust enums,
//! re-exported from their domain module. The tables themselves, with their constraints,
//! triggers and row-level-security policies, are defined by the `migration` crate.

/// A closed enum over a `text` column whose CHECK constraint lists the same values: one
/// declaration gives the SeaORM active enum, the serde form and the GraphQL enum of the same
/// name, each variant stored and serialized as its string. The first variant is the default,
/// which a model read without that column holds (and nothing reads).
macro_rules! text_enum {
    (
        $(#[doc = $doc:tt])*
        $name:ident {
            $(#[doc = $first_doc:tt])* $first:ident = $first_value:tt,
            $($(#[doc = $variant_doc:tt])* $variant:ident = $value:tt,)*
        }
    ) => {
        #[derive(
            Clone,
            Copy,
            Debug,
            Default,
            PartialEq,
            Eq,
            sea_orm::EnumIter,
            sea_orm::DeriveActiveEnum,
            serde::Serialize,
            serde::Deserialize,
            async_graphql::Enum,
        )]
        #[sea_orm(rs_type = "String", db_type = "Text")]
        $(#[doc = $doc])*
        pub enum $name {
            $(#[doc = $first_doc])*
            #[default]
            #[sea_orm(string_value = $first_value)]
            #[serde(rename = $first_value)]
            $first,
            $(
                $(#[doc = $variant_doc])*
                #[sea_orm(string_value = $value)]
                #[serde(rename = $value)]
                $variant,
            )*
        }
    };
}

pub mod agents;
pub mod ai;
pub mod automation;
pub mod billing;
pub mod collaboration;
pub mod connectors;
pub mod content;
pub mod crypto;
pub mod identity;
pub mod jobs;
pub mod marketplace;
pub mod messaging;
pub mod notifications;
pub mod operations;
pub mod social;
