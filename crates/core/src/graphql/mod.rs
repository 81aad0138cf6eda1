//! The generic GraphQL machinery the product areas declare their tables with: the
//! declaration macros, table glue, filters, the dataloader, the planner, aggregates,
//! writes, errors and the live feeds' machinery. Data enters as a request's selection and
//! its [`crate::db::RequestScope`], and leaves as rows rendered into the response.

pub mod aggregate;
pub mod declare;
pub mod error;
pub mod filter;
pub mod live;
pub mod loaders;
pub mod plan;
pub mod ranked;
pub mod rate_limit;
pub mod resolve;
pub mod semantic;
pub mod table;
pub mod write;
