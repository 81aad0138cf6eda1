//! Topics: what a trigger publishes to and a feed follows, one per row that has a feed
//! (`conversation:<id>`, `user:<id>`, ...).
//!
//! The SQL triggers write a topic as text into the outbox and into each NOTIFY payload; the
//! [listener](super::listener) parses that text into a [`Topic`], the [hub](super::hub)
//! routes by it, and the feeds name what they follow with it. [`Topic`]'s `Display` and
//! `FromStr` are the one place Rust spells the text, and the gateway test `topics` checks
//! them against what every trigger writes.

use std::fmt;
use std::str::FromStr;

use uuid::Uuid;

/// A realtime topic: the kind of row it follows and that row's id. Its text form is
/// `<kind>:<id>`, the id lower-case and hyphenated, as PostgreSQL prints a `uuid`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Topic {
    /// A conversation's messages and member removals (`messageEvents`).
    Conversation(Uuid),
    /// A user's notifications (`notificationEvents`).
    User(Uuid),
    /// Who is present in a collaboration session (`presence`).
    Session(Uuid),
    /// A background job's progress (`jobProgress`).
    Job(Uuid),
    /// A wide research job's progress (`wideResearchProgress`).
    Research(Uuid),
    /// An agent run's progress (`agentRunEvents`).
    AgentRun(Uuid),
    /// A collaboration session's document edits and removed participants
    /// (`collaborationEdits`).
    Document(Uuid),
    /// Changes of the rows whose audience is this user (their owner) or group (its members),
    /// in every table with a change feed (`aiTaskChanges`, ...).
    Changes(Uuid),
}

/// A topic's kind without its id: the `feed` label of the server's realtime series, where
/// the id would make one series per row.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum TopicKind {
    /// `conversation:<conversation id>`.
    Conversation,
    /// `user:<user id>`.
    User,
    /// `session:<collaboration session id>`.
    Session,
    /// `job:<job id>`.
    Job,
    /// `research:<wide research job id>`.
    Research,
    /// `agent_run:<agent run id>`.
    AgentRun,
    /// `document:<collaboration session id>`.
    Document,
    /// `changes:<owner or group id>`.
    Changes,
}

impl TopicKind {
    /// Every kind, for tests that must cover them all.
    pub const ALL: [Self; 8] = [
        Self::Conversation,
        Self::User,
        Self::Session,
        Self::Job,
        Self::Research,
        Self::AgentRun,
        Self::Document,
        Self::Changes,
    ];

    /// The kind as the triggers write it, before the `:`.
    pub const fn as_str(self) -> &'static str {
        match self {
            Self::Conversation => "conversation",
            Self::User => "user",
            Self::Session => "session",
            Self::Job => "job",
            Self::Research => "research",
            Self::AgentRun => "agent_run",
            Self::Document => "document",
            Self::Changes => "changes",
        }
    }

    /// The topic of this kind about row `id`.
    pub const fn topic(self, id: Uuid) -> Topic {
        match self {
            Self::Conversation => Topic::Conversation(id),
            Self::User => Topic::User(id),
            Self::Session => Topic::Session(id),
            Self::Job => Topic::Job(id),
            Self::Research => Topic::Research(id),
            Self::AgentRun => Topic::AgentRun(id),
            Self::Document => Topic::Document(id),
            Self::Changes => Topic::Changes(id),
        }
    }
}

impl Topic {
    /// What kind of row the topic follows.
    pub const fn kind(self) -> TopicKind {
        match self {
            Self::Conversation(_) => TopicKind::Conversation,
            Self::User(_) => TopicKind::User,
            Self::Session(_) => TopicKind::Session,
            Self::Job(_) => TopicKind::Job,
            Self::Research(_) => TopicKind::Research,
            Self::AgentRun(_) => TopicKind::AgentRun,
            Self::Document(_) => TopicKind::Document,
            Self::Changes(_) => TopicKind::Changes,
        }
    }

    /// The id of the row the topic follows.
    pub const fn id(self) -> Uuid {
        match self {
            Self::Conversation(id)
            | Self::User(id)
            | Self::Session(id)
            | Self::Job(id)
            | Self::Research(id)
            | Self::AgentRun(id)
            | Self::Document(id)
            | Self::Changes(id) => id,
        }
    }
}

impl fmt::Display for Topic {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}:{}", self.kind().as_str(), self.id())
    }
}

/// Why a text is not a topic.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum ParseTopicError {
    /// No `:` between a kind and an id.
    #[error("{0:?} is not a topic: expected `<kind>:<id>`")]
    Malformed(String),
    /// The part before the `:` names no kind this gateway follows.
    #[error("{0:?} is of no known topic kind")]
    UnknownKind(String),
    /// The part after the `:` is not a uuid as PostgreSQL prints one.
    #[error("{0:?} does not end in a lower-case hyphenated uuid")]
    BadId(String),
}

impl FromStr for Topic {
    type Err = ParseTopicError;

    fn from_str(text: &str) -> Result<Self, Self::Err> {
        let (kind, id) = text
            .split_once(':')
            .ok_or_else(|| ParseTopicError::Malformed(text.into()))?;
        let kind = TopicKind::ALL
            .into_iter()
            .find(|known| known.as_str() == kind)
            .ok_or_else(|| ParseTopicError::UnknownKind(text.into()))?;
        // Only the form PostgreSQL prints: the outbox is read back by the exact text, so a
        // topic accepted in another spelling would find none of its events.
        let canonical = id.len() == 36 && !id.bytes().any(|byte| byte.is_ascii_uppercase());
        let id = Uuid::try_parse(id)
            .ok()
            .filter(|_| canonical)
            .ok_or_else(|| ParseTopicError::BadId(text.into()))?;
        Ok(kind.topic(id))
    }
}

impl<'de> serde::Deserialize<'de> for Topic {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let text = <std::borrow::Cow<'de, str>>::deserialize(deserializer)?;
        text.parse().map_err(serde::de::Error::custom)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_kind_reads_back_what_it_writes() {
        let id = Uuid::new_v4();
        for kind in TopicKind::ALL {
            let topic = kind.topic(id);
            let text = topic.to_string();
            assert_eq!(text, format!("{}:{id}", kind.as_str()));
            assert_eq!(text.parse(), Ok(topic));
        }
    }

    #[test]
    fn other_texts_are_refused() {
        let id = "0b6c4a52-6f0e-4c39-9e35-4a1d2f3c7b10";
        assert_eq!(
            format!("conversation:{id}").parse::<Topic>(),
            Ok(Topic::Conversation(Uuid::parse_str(id).unwrap_or_default()))
        );
        for text in [
            "conversation".to_owned(),
            format!("chat:{id}"),
            format!("Conversation:{id}"),
            format!("conversation:{}", id.to_uppercase()),
            format!("conversation:{}", id.replace('-', "")),
            format!("conversation:{{{id}}}"),
            format!("conversation:{id}:x"),
        ] {
            assert!(text.parse::<Topic>().is_err(), "{text} parsed");
        }
    }
}
