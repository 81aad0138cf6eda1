//! Operations and security: security events, the append-only audit log (seed 001
//! activity_logs), engine metrics and optimization events for admins, gaming sessions and
//! the service-only cache.

pub mod audit_logs;
pub mod cache_entries;
pub mod engine_metrics;
pub mod enums;
pub mod gaming_sessions;
pub mod optimization_events;
pub mod security_events;

pub use enums::{AuditLevel, SecurityEventKind};
